import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddNodeStatesAndHomeNodes1796175320536 implements MigrationInterface {
  name = 'AddNodeStatesAndHomeNodes1796175320536';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`accounts\` ADD \`home_node_id\` varchar(64) NULL`);
    await queryRunner.query(`ALTER TABLE \`nodes\` ADD \`state\` varchar(16) NOT NULL DEFAULT 'preparing'`);
    await queryRunner.query(`ALTER TABLE \`nodes\` ADD \`images\` json NULL`);
    // Accounts that already run something keep running it where it is: that node becomes their home.
    await queryRunner.query(
      `UPDATE \`accounts\` a SET a.\`home_node_id\` = COALESCE(` +
        `(SELECT w.\`node_id\` FROM \`webapps\` w WHERE w.\`account_id\` = a.\`id\` ORDER BY w.\`id\` LIMIT 1), ` +
        `(SELECT c.\`node_id\` FROM \`consoles\` c WHERE c.\`account_id\` = a.\`id\` ORDER BY c.\`id\` LIMIT 1))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`nodes\` DROP COLUMN \`images\``);
    await queryRunner.query(`ALTER TABLE \`nodes\` DROP COLUMN \`state\``);
    await queryRunner.query(`ALTER TABLE \`accounts\` DROP COLUMN \`home_node_id\``);
  }
}
