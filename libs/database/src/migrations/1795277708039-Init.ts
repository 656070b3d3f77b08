import { MigrationInterface, QueryRunner } from 'typeorm';

export class Init1795277708039 implements MigrationInterface {
  name = 'Init1795277708039';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE \`accounts\` (\`id\` int NOT NULL AUTO_INCREMENT, \`username\` varchar(30) NOT NULL, \`password_hash\` varchar(255) NOT NULL, \`role\` enum ('user', 'admin') NOT NULL DEFAULT 'user', \`uid\` int NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), UNIQUE INDEX \`IDX_477e3187cedfb5a3ac121e899c\` (\`username\`), UNIQUE INDEX \`IDX_1ee96fa34c09cb105ab155d941\` (\`uid\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await queryRunner.query(`CREATE TABLE \`api_tokens\` (\`id\` int NOT NULL AUTO_INCREMENT, \`account_id\` int NOT NULL, \`name\` varchar(100) NOT NULL, \`prefix\` varchar(12) NOT NULL, \`token_hash\` char(64) NOT NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), \`last_used_at\` datetime(3) NULL, \`revoked_at\` datetime(3) NULL, INDEX \`IDX_5c25c1f4973320571027bfc1c1\` (\`account_id\`), UNIQUE INDEX \`IDX_bbd687a104e1921e6702c6e3aa\` (\`token_hash\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await queryRunner.query(`CREATE TABLE \`jobs\` (\`id\` char(36) NOT NULL, \`name\` varchar(64) NOT NULL, \`status\` enum ('queued', 'running', 'succeeded', 'failed', 'cancelled') NOT NULL DEFAULT 'queued', \`account_id\` int NULL, \`resource_key\` varchar(255) NULL, \`queue\` varchar(100) NOT NULL, \`node_id\` varchar(64) NULL, \`payload\` json NOT NULL, \`progress\` json NULL, \`error\` text NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), \`started_at\` datetime(3) NULL, \`finished_at\` datetime(3) NULL, INDEX \`IDX_46cfeaf3a72e323b5e50786ec0\` (\`resource_key\`, \`status\`), INDEX \`IDX_396386cb07c4780e960bbed9cd\` (\`account_id\`, \`created_at\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await queryRunner.query(`CREATE TABLE \`nodes\` (\`id\` varchar(64) NOT NULL, \`hostname\` varchar(255) NOT NULL, \`docker_endpoint\` varchar(255) NOT NULL, \`capacity\` json NOT NULL, \`registered_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), \`last_heartbeat_at\` datetime(3) NOT NULL, PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await queryRunner.query(`CREATE TABLE \`sessions\` (\`token_hash\` char(64) NOT NULL, \`account_id\` int NOT NULL, \`csrf_token\` char(43) NOT NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), \`expires_at\` datetime(3) NOT NULL, INDEX \`IDX_da0cf19646ff5c6e3c0284468e\` (\`account_id\`), INDEX \`IDX_9cfe37d28c3b229a350e086d94\` (\`expires_at\`), PRIMARY KEY (\`token_hash\`)) ENGINE=InnoDB`);
    await queryRunner.query(`ALTER TABLE \`api_tokens\` ADD CONSTRAINT \`FK_5c25c1f4973320571027bfc1c14\` FOREIGN KEY (\`account_id\`) REFERENCES \`accounts\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE \`sessions\` ADD CONSTRAINT \`FK_da0cf19646ff5c6e3c0284468e5\` FOREIGN KEY (\`account_id\`) REFERENCES \`accounts\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`sessions\` DROP FOREIGN KEY \`FK_da0cf19646ff5c6e3c0284468e5\``);
    await queryRunner.query(`ALTER TABLE \`api_tokens\` DROP FOREIGN KEY \`FK_5c25c1f4973320571027bfc1c14\``);
    await queryRunner.query(`DROP INDEX \`IDX_9cfe37d28c3b229a350e086d94\` ON \`sessions\``);
    await queryRunner.query(`DROP INDEX \`IDX_da0cf19646ff5c6e3c0284468e\` ON \`sessions\``);
    await queryRunner.query(`DROP TABLE \`sessions\``);
    await queryRunner.query(`DROP TABLE \`nodes\``);
    await queryRunner.query(`DROP INDEX \`IDX_396386cb07c4780e960bbed9cd\` ON \`jobs\``);
    await queryRunner.query(`DROP INDEX \`IDX_46cfeaf3a72e323b5e50786ec0\` ON \`jobs\``);
    await queryRunner.query(`DROP TABLE \`jobs\``);
    await queryRunner.query(`DROP INDEX \`IDX_bbd687a104e1921e6702c6e3aa\` ON \`api_tokens\``);
    await queryRunner.query(`DROP INDEX \`IDX_5c25c1f4973320571027bfc1c1\` ON \`api_tokens\``);
    await queryRunner.query(`DROP TABLE \`api_tokens\``);
    await queryRunner.query(`DROP INDEX \`IDX_1ee96fa34c09cb105ab155d941\` ON \`accounts\``);
    await queryRunner.query(`DROP INDEX \`IDX_477e3187cedfb5a3ac121e899c\` ON \`accounts\``);
    await queryRunner.query(`DROP TABLE \`accounts\``);
  }
}
