import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddNodeLoadAverage1796190254552 implements MigrationInterface {
  name = 'AddNodeLoadAverage1796190254552';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`nodes\` ADD \`load_average\` float NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`nodes\` DROP COLUMN \`load_average\``);
  }
}
