import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddCpuUsage1796215496408 implements MigrationInterface {
  name = 'AddCpuUsage1796215496408';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE \`account_cpu_usage\` (\`account_id\` int NOT NULL, \`period_start\` datetime NOT NULL, \`cpu_seconds\` double NOT NULL DEFAULT '0', \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), PRIMARY KEY (\`account_id\`, \`period_start\`)) ENGINE=InnoDB`);
    await queryRunner.query(`CREATE TABLE \`workload_cpu_marks\` (\`workload_id\` varchar(80) NOT NULL, \`node_id\` varchar(64) NOT NULL, \`account_id\` int NOT NULL, \`cpu_seconds\` double NOT NULL, INDEX \`IDX_workload_cpu_marks_node\` (\`node_id\`), PRIMARY KEY (\`workload_id\`)) ENGINE=InnoDB`);
    await queryRunner.query(`ALTER TABLE \`account_cpu_usage\` ADD CONSTRAINT \`FK_2c2b1a114d6a76bdd150368c09a\` FOREIGN KEY (\`account_id\`) REFERENCES \`accounts\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`account_cpu_usage\` DROP FOREIGN KEY \`FK_2c2b1a114d6a76bdd150368c09a\``);
    await queryRunner.query(`DROP INDEX \`IDX_workload_cpu_marks_node\` ON \`workload_cpu_marks\``);
    await queryRunner.query(`DROP TABLE \`workload_cpu_marks\``);
    await queryRunner.query(`DROP TABLE \`account_cpu_usage\``);
  }
}
