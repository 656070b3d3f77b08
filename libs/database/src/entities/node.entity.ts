import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { NodeCapacity, NodeState } from '@panel/contracts';

/** A worker node: registered by its worker at start, kept fresh by heartbeats. */
@Entity('nodes')
export class NodeEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id!: string;

  @Column({ type: 'varchar', length: 255 })
  hostname!: string;

  @Column({ name: 'docker_endpoint', type: 'varchar', length: 255 })
  dockerEndpoint!: string;

  @Column({ type: 'json' })
  capacity!: NodeCapacity;

  /** Where the edge reaches this node's Caddy (host:port of its apps listener). */
  @Column({ name: 'ingress_address', type: 'varchar', length: 255, nullable: true })
  ingressAddress!: string | null;

  @CreateDateColumn({ name: 'registered_at', type: 'datetime', precision: 3, default: () => 'CURRENT_TIMESTAMP(3)' })
  registeredAt!: Date;

  @Column({ name: 'last_heartbeat_at', type: 'datetime', precision: 3 })
  lastHeartbeatAt!: Date;

  /** The node's 1-minute load average at its last heartbeat. */
  @Column({ name: 'load_average', type: 'float', nullable: true })
  loadAverage!: number | null;

  /**
   * preparing -> active by its worker once its images are there; cordoned (and back) and draining by an operator;
   * draining -> cordoned by the leader once nothing is left on it; down by the leader.
   */
  @Column({ type: 'varchar', length: 16, default: 'preparing' })
  state!: NodeState;

  @Column({ type: 'json', nullable: true })
  images!: string[] | null;

  /** While draining: when the drain started, and when the consoles still open there are ended. */
  @Column({ name: 'drain_started_at', type: 'datetime', precision: 3, nullable: true })
  drainStartedAt!: Date | null;

  @Column({ name: 'drain_consoles_end_at', type: 'datetime', precision: 3, nullable: true })
  drainConsolesEndAt!: Date | null;
}
