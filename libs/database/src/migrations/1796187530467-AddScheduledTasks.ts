import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddScheduledTasks1796187530467 implements MigrationInterface {
  name = 'AddScheduledTasks1796187530467';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE \`scheduled_tasks\` (\`id\` int NOT NULL AUTO_INCREMENT, \`account_id\` int NOT NULL, \`command\` text NOT NULL, \`description\` varchar(500) NOT NULL DEFAULT '', \`enabled\` tinyint NOT NULL DEFAULT 1, \`interval\` enum ('daily', 'hourly', 'cron') NOT NULL, \`hour\` tinyint NULL, \`minute\` tinyint NULL, \`cron\` varchar(100) NULL, \`working_directory\` varchar(1024) NOT NULL, \`virtualenv\` varchar(64) NULL, \`time_limit_seconds\` int NOT NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), INDEX \`IDX_a74992cebb617ce96b45874d0e\` (\`account_id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await queryRunner.query(`CREATE TABLE \`task_runs\` (\`id\` char(36) NOT NULL, \`task_id\` int NOT NULL, \`account_id\` int NOT NULL, \`trigger\` enum ('schedule', 'manual') NOT NULL, \`status\` enum ('queued', 'running', 'succeeded', 'failed', 'skipped') NOT NULL, \`due_at\` datetime(3) NULL, \`node_id\` varchar(64) NULL, \`started_at\` datetime(3) NULL, \`finished_at\` datetime(3) NULL, \`exit_code\` int NULL, \`message\` varchar(500) NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), INDEX \`IDX_task_runs_task_created\` (\`task_id\`, \`created_at\`), UNIQUE INDEX \`IDX_task_runs_task_due\` (\`task_id\`, \`due_at\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await queryRunner.query(`ALTER TABLE \`scheduled_tasks\` ADD CONSTRAINT \`FK_a74992cebb617ce96b45874d0ee\` FOREIGN KEY (\`account_id\`) REFERENCES \`accounts\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE \`task_runs\` ADD CONSTRAINT \`FK_33f9addf6e998af00182fe26336\` FOREIGN KEY (\`task_id\`) REFERENCES \`scheduled_tasks\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`task_runs\` DROP FOREIGN KEY \`FK_33f9addf6e998af00182fe26336\``);
    await queryRunner.query(`ALTER TABLE \`scheduled_tasks\` DROP FOREIGN KEY \`FK_a74992cebb617ce96b45874d0ee\``);
    await queryRunner.query(`DROP INDEX \`IDX_task_runs_task_due\` ON \`task_runs\``);
    await queryRunner.query(`DROP INDEX \`IDX_task_runs_task_created\` ON \`task_runs\``);
    await queryRunner.query(`DROP TABLE \`task_runs\``);
    await queryRunner.query(`DROP INDEX \`IDX_a74992cebb617ce96b45874d0e\` ON \`scheduled_tasks\``);
    await queryRunner.query(`DROP TABLE \`scheduled_tasks\``);
  }
}
