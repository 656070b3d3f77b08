import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddBackupRuns1796219791741 implements MigrationInterface {
  name = 'AddBackupRuns1796219791741';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE \`backup_runs\` (\`id\` char(36) NOT NULL, \`status\` enum ('running', 'succeeded', 'failed') NOT NULL, \`location\` varchar(1000) NOT NULL, \`started_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), \`finished_at\` datetime(3) NULL, \`size_bytes\` bigint NULL, \`error\` varchar(2000) NULL, PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE \`backup_runs\``);
  }
}
