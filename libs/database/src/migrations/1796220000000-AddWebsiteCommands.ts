import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddWebsiteCommands1796220000000 implements MigrationInterface {
  name = 'AddWebsiteCommands1796220000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`webapps\` ADD \`command\` text NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`webapps\` DROP COLUMN \`command\``);
  }
}
