import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddAlwaysOnTasks1796189018334 implements MigrationInterface {
  name = 'AddAlwaysOnTasks1796189018334';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE \`always_on_tasks\` (\`id\` int NOT NULL AUTO_INCREMENT, \`account_id\` int NOT NULL, \`command\` text NOT NULL, \`description\` varchar(500) NOT NULL DEFAULT '', \`enabled\` tinyint NOT NULL DEFAULT 1, \`working_directory\` varchar(1024) NOT NULL, \`virtualenv\` varchar(64) NULL, \`revision\` int NOT NULL DEFAULT '1', \`state\` enum ('starting', 'running', 'paused', 'crashing') NOT NULL DEFAULT 'starting', \`restarts\` int NOT NULL DEFAULT '0', \`last_exit_code\` int NULL, \`message\` varchar(500) NULL, \`node_id\` varchar(64) NULL, \`state_changed_at\` datetime(3) NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), INDEX \`IDX_da056da086047280278d3cce06\` (\`account_id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await queryRunner.query(`ALTER TABLE \`always_on_tasks\` ADD CONSTRAINT \`FK_da056da086047280278d3cce06d\` FOREIGN KEY (\`account_id\`) REFERENCES \`accounts\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`always_on_tasks\` DROP FOREIGN KEY \`FK_da056da086047280278d3cce06d\``);
    await queryRunner.query(`DROP INDEX \`IDX_da056da086047280278d3cce06\` ON \`always_on_tasks\``);
    await queryRunner.query(`DROP TABLE \`always_on_tasks\``);
  }
}
