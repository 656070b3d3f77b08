import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddDrainAndPlacementEpochs1796188200807 implements MigrationInterface {
  name = 'AddDrainAndPlacementEpochs1796188200807';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`consoles\` ADD \`ended_reason\` varchar(255) NULL`);
    await queryRunner.query(`ALTER TABLE \`nodes\` ADD \`drain_started_at\` datetime(3) NULL`);
    await queryRunner.query(`ALTER TABLE \`nodes\` ADD \`drain_consoles_end_at\` datetime(3) NULL`);
    await queryRunner.query(`ALTER TABLE \`webapps\` ADD \`placement_epoch\` int NOT NULL DEFAULT '1'`);
    await queryRunner.query(`ALTER TABLE \`webapps\` ADD \`moving_to_node_id\` varchar(64) NULL`);
    await queryRunner.query(`ALTER TABLE \`webapps\` ADD \`leaving_node_id\` varchar(64) NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`webapps\` DROP COLUMN \`leaving_node_id\``);
    await queryRunner.query(`ALTER TABLE \`webapps\` DROP COLUMN \`moving_to_node_id\``);
    await queryRunner.query(`ALTER TABLE \`webapps\` DROP COLUMN \`placement_epoch\``);
    await queryRunner.query(`ALTER TABLE \`nodes\` DROP COLUMN \`drain_consoles_end_at\``);
    await queryRunner.query(`ALTER TABLE \`nodes\` DROP COLUMN \`drain_started_at\``);
    await queryRunner.query(`ALTER TABLE \`consoles\` DROP COLUMN \`ended_reason\``);
  }
}
