import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddConsoles1795281013345 implements MigrationInterface {
  name = 'AddConsoles1795281013345';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE \`consoles\` (\`id\` int NOT NULL AUTO_INCREMENT, \`account_id\` int NOT NULL, \`name\` varchar(100) NOT NULL, \`kind\` enum ('bash', 'python', 'mysql', 'postgres', 'custom') NOT NULL, \`python_version\` varchar(8) NOT NULL, \`database_name\` varchar(128) NULL, \`command\` text NULL, \`executable\` varchar(255) NOT NULL, \`arguments\` text NOT NULL, \`working_directory\` varchar(1024) NOT NULL, \`node_id\` varchar(64) NOT NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), INDEX \`IDX_af3c2aa896ece4c5494b922942\` (\`account_id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await queryRunner.query(`ALTER TABLE \`consoles\` ADD CONSTRAINT \`FK_af3c2aa896ece4c5494b9229424\` FOREIGN KEY (\`account_id\`) REFERENCES \`accounts\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`consoles\` DROP FOREIGN KEY \`FK_af3c2aa896ece4c5494b9229424\``);
    await queryRunner.query(`DROP INDEX \`IDX_af3c2aa896ece4c5494b922942\` ON \`consoles\``);
    await queryRunner.query(`DROP TABLE \`consoles\``);
  }
}
