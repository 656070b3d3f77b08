import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddNodeIngressAddress1796176072003 implements MigrationInterface {
  name = 'AddNodeIngressAddress1796176072003';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`nodes\` ADD \`ingress_address\` varchar(255) NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`nodes\` DROP COLUMN \`ingress_address\``);
  }
}
