import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddWebAppCertificates1796220443009 implements MigrationInterface {
  name = 'AddWebAppCertificates1796220443009';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE \`webapp_certificates\` (\`webapp_id\` int NOT NULL, \`cert_pem\` mediumtext NOT NULL, \`private_key_pem\` text NOT NULL, \`not_after\` datetime NOT NULL, \`issuer_name\` varchar(1024) NOT NULL, \`subject_name\` varchar(1024) NOT NULL, \`subject_alternate_names\` json NOT NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), PRIMARY KEY (\`webapp_id\`)) ENGINE=InnoDB`);
    await queryRunner.query(`ALTER TABLE \`webapp_certificates\` ADD CONSTRAINT \`FK_e164b2ef7832895ba41d6f44124\` FOREIGN KEY (\`webapp_id\`) REFERENCES \`webapps\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`webapp_certificates\` DROP FOREIGN KEY \`FK_e164b2ef7832895ba41d6f44124\``);
    await queryRunner.query(`DROP TABLE \`webapp_certificates\``);
  }
}
