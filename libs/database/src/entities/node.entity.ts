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

  /** preparing -> active by its worker once its images are there; cordoned (and back) by an operator. */
  @Column({ type: 'varchar', length: 16, default: 'preparing' })
  state!: NodeState;

  @Column({ type: 'json', nullable: true })
  images!: string[] | null;
}
