import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddWebApps1795278808032 implements MigrationInterface {
  name = 'AddWebApps1795278808032';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE \`static_files\` (\`id\` int NOT NULL AUTO_INCREMENT, \`webapp_id\` int NOT NULL, \`url\` varchar(255) NOT NULL, \`path\` varchar(1024) NOT NULL, INDEX \`IDX_ad934ab0a69f6b86b8ec34c373\` (\`webapp_id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await queryRunner.query(`CREATE TABLE \`webapps\` (\`id\` int NOT NULL AUTO_INCREMENT, \`account_id\` int NOT NULL, \`domain\` varchar(253) NOT NULL, \`python_version\` varchar(8) NOT NULL, \`source_directory\` varchar(1024) NOT NULL, \`working_directory\` varchar(1024) NOT NULL, \`virtualenv_path\` varchar(1024) NULL, \`workers\` tinyint NOT NULL DEFAULT '1', \`enabled\` tinyint NOT NULL DEFAULT 1, \`force_https\` tinyint NOT NULL DEFAULT 0, \`password_protection_enabled\` tinyint NOT NULL DEFAULT 0, \`password_protection_username\` varchar(100) NULL, \`password_protection_hash\` varchar(100) NULL, \`run_migrations_on_reload\` tinyint NOT NULL DEFAULT 0, \`status\` enum ('running', 'stopped', 'reloading', 'error', 'disabled') NOT NULL DEFAULT 'stopped', \`node_id\` varchar(64) NOT NULL, \`upstream\` varchar(64) NULL, \`container_id\` varchar(64) NULL, \`last_reload_job_id\` char(36) NULL, \`last_reload_error\` text NULL, \`last_reloaded_at\` datetime(3) NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), INDEX \`IDX_6f990bd079e25dcf235e15a9b4\` (\`account_id\`), UNIQUE INDEX \`IDX_f7c0c4ad2e1ff8234713a6bd2b\` (\`domain\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await queryRunner.query(`ALTER TABLE \`static_files\` ADD CONSTRAINT \`FK_ad934ab0a69f6b86b8ec34c3731\` FOREIGN KEY (\`webapp_id\`) REFERENCES \`webapps\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE \`webapps\` ADD CONSTRAINT \`FK_6f990bd079e25dcf235e15a9b4e\` FOREIGN KEY (\`account_id\`) REFERENCES \`accounts\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`webapps\` DROP FOREIGN KEY \`FK_6f990bd079e25dcf235e15a9b4e\``);
    await queryRunner.query(`ALTER TABLE \`static_files\` DROP FOREIGN KEY \`FK_ad934ab0a69f6b86b8ec34c3731\``);
    await queryRunner.query(`DROP INDEX \`IDX_f7c0c4ad2e1ff8234713a6bd2b\` ON \`webapps\``);
    await queryRunner.query(`DROP INDEX \`IDX_6f990bd079e25dcf235e15a9b4\` ON \`webapps\``);
    await queryRunner.query(`DROP TABLE \`webapps\``);
    await queryRunner.query(`DROP INDEX \`IDX_ad934ab0a69f6b86b8ec34c373\` ON \`static_files\``);
    await queryRunner.query(`DROP TABLE \`static_files\``);
  }
}
