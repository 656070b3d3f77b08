import { MigrationInterface, QueryRunner } from 'typeorm';

export class VerifyWebAppDomains1796166514225 implements MigrationInterface {
  name = 'VerifyWebAppDomains1796166514225';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`webapps\` ADD \`domain_verified_at\` datetime(3) NULL`);
    await queryRunner.query(`ALTER TABLE \`webapps\` ADD \`domain_verification_token\` varchar(64) NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`webapps\` DROP COLUMN \`domain_verification_token\``);
    await queryRunner.query(`ALTER TABLE \`webapps\` DROP COLUMN \`domain_verified_at\``);
  }
}
