import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddEnvironments1795278337158 implements MigrationInterface {
  name = 'AddEnvironments1795278337158';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE \`environments\` (\`id\` int NOT NULL AUTO_INCREMENT, \`account_id\` int NOT NULL, \`name\` varchar(64) NOT NULL, \`python_version\` varchar(8) NOT NULL, \`status\` enum ('building', 'ready', 'failed') NOT NULL DEFAULT 'building', \`last_job_id\` char(36) NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), UNIQUE INDEX \`IDX_2a1b0027da3a2439e52cc85485\` (\`account_id\`, \`name\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await queryRunner.query(`ALTER TABLE \`environments\` ADD CONSTRAINT \`FK_587eea4e59fa2f159f7b02abbc0\` FOREIGN KEY (\`account_id\`) REFERENCES \`accounts\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`environments\` DROP FOREIGN KEY \`FK_587eea4e59fa2f159f7b02abbc0\``);
    await queryRunner.query(`DROP INDEX \`IDX_2a1b0027da3a2439e52cc85485\` ON \`environments\``);
    await queryRunner.query(`DROP TABLE \`environments\``);
  }
}
