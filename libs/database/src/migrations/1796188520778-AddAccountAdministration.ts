import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddAccountAdministration1796188520778 implements MigrationInterface {
  name = 'AddAccountAdministration1796188520778';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE \`audit_log\` (\`id\` int NOT NULL AUTO_INCREMENT, \`actor_id\` int NULL, \`actor_username\` varchar(30) NOT NULL, \`action\` varchar(64) NOT NULL, \`target_username\` varchar(30) NULL, \`detail\` varchar(500) NOT NULL DEFAULT '', \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), INDEX \`IDX_2ad7930a7c2af80585c8c1b770\` (\`created_at\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await queryRunner.query(`CREATE TABLE \`platform_settings\` (\`key\` varchar(64) NOT NULL, \`value\` json NOT NULL, \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), PRIMARY KEY (\`key\`)) ENGINE=InnoDB`);
    await queryRunner.query(`ALTER TABLE \`accounts\` ADD \`disabled_at\` datetime(3) NULL`);
    await queryRunner.query(`ALTER TABLE \`accounts\` ADD \`suspended_webapp_ids\` json NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`accounts\` DROP COLUMN \`suspended_webapp_ids\``);
    await queryRunner.query(`ALTER TABLE \`accounts\` DROP COLUMN \`disabled_at\``);
    await queryRunner.query(`DROP TABLE \`platform_settings\``);
    await queryRunner.query(`DROP INDEX \`IDX_2ad7930a7c2af80585c8c1b770\` ON \`audit_log\``);
    await queryRunner.query(`DROP TABLE \`audit_log\``);
  }
}
