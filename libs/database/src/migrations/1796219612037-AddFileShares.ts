import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddFileShares1796219612037 implements MigrationInterface {
  name = 'AddFileShares1796219612037';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE \`file_shares\` (\`id\` int NOT NULL AUTO_INCREMENT, \`account_id\` int NOT NULL, \`path\` varchar(4096) NOT NULL, \`path_hash\` char(64) NOT NULL, \`token\` varchar(64) NOT NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), UNIQUE INDEX \`UQ_file_shares_token\` (\`token\`), UNIQUE INDEX \`UQ_file_shares_account_path\` (\`account_id\`, \`path_hash\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await queryRunner.query(`ALTER TABLE \`file_shares\` ADD CONSTRAINT \`FK_9ba57b7a24a4b2b92a078b78d56\` FOREIGN KEY (\`account_id\`) REFERENCES \`accounts\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`file_shares\` DROP FOREIGN KEY \`FK_9ba57b7a24a4b2b92a078b78d56\``);
    await queryRunner.query(`DROP INDEX \`UQ_file_shares_account_path\` ON \`file_shares\``);
    await queryRunner.query(`DROP INDEX \`UQ_file_shares_token\` ON \`file_shares\``);
    await queryRunner.query(`DROP TABLE \`file_shares\``);
  }
}
