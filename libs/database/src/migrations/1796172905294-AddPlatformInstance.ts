import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddPlatformInstance1796172905294 implements MigrationInterface {
  name = 'AddPlatformInstance1796172905294';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE \`platform_instance\` (\`id\` tinyint UNSIGNED NOT NULL, \`instance_id\` char(36) NOT NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    // The platform's name on what it makes outside its database (see PlatformInstanceEntity).
    await queryRunner.query(`INSERT INTO \`platform_instance\` (\`id\`, \`instance_id\`) VALUES (1, UUID())`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE \`platform_instance\``);
  }
}
