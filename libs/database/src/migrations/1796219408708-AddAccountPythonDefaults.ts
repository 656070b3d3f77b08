import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddAccountPythonDefaults1796219408708 implements MigrationInterface {
  name = 'AddAccountPythonDefaults1796219408708';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`accounts\` ADD \`default_python_version\` varchar(8) NULL`);
    await queryRunner.query(`ALTER TABLE \`accounts\` ADD \`default_python3_version\` varchar(8) NULL`);
    await queryRunner.query(`ALTER TABLE \`accounts\` ADD \`default_save_and_run_python_version\` varchar(8) NULL`);
    await queryRunner.query(`ALTER TABLE \`accounts\` ADD \`system_image\` varchar(40) NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`accounts\` DROP COLUMN \`system_image\``);
    await queryRunner.query(`ALTER TABLE \`accounts\` DROP COLUMN \`default_save_and_run_python_version\``);
    await queryRunner.query(`ALTER TABLE \`accounts\` DROP COLUMN \`default_python3_version\``);
    await queryRunner.query(`ALTER TABLE \`accounts\` DROP COLUMN \`default_python_version\``);
  }
}
