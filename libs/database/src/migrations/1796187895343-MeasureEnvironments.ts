import { MigrationInterface, QueryRunner } from 'typeorm';

export class MeasureEnvironments1796187895343 implements MigrationInterface {
  name = 'MeasureEnvironments1796187895343';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`environments\` ADD \`size_bytes\` bigint NULL`);
    await queryRunner.query(`ALTER TABLE \`environments\` ADD \`package_count\` int NULL`);
    await queryRunner.query(`ALTER TABLE \`environments\` ADD \`measured_at\` datetime(3) NULL`);
    await queryRunner.query(`ALTER TABLE \`environments\` ADD \`measured_stamp\` varchar(255) NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`environments\` DROP COLUMN \`measured_stamp\``);
    await queryRunner.query(`ALTER TABLE \`environments\` DROP COLUMN \`measured_at\``);
    await queryRunner.query(`ALTER TABLE \`environments\` DROP COLUMN \`package_count\``);
    await queryRunner.query(`ALTER TABLE \`environments\` DROP COLUMN \`size_bytes\``);
  }
}
