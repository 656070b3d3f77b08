import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { PanelConfig } from '@panel/config';
import { ConsoleEntity, NodeEntity } from '@panel/database';
import { PANEL_CONFIG } from '@panel/nest';
import { Repository } from 'typeorm';
import { PeriodicPass, PeriodicService } from '../leadership/periodic-pass';
import { ConsoleContainers } from './console-containers';
import { ConsoleServer } from './console-server.service';

const TICK_MS = 2_000;

/**
 * This node's part of a drain (the operator's drain, run by the leader's NodeDrain): terminals attached here are
 * warned when their consoles will end; at the deadline each console's program is ended, its row goes to the account's
 * new home node marked "ended" (opening it starts it there), and the console containers left here are removed.
 */
@Injectable()
export class ConsoleDrain extends PeriodicService {
  private readonly logger = new Logger(ConsoleDrain.name);
  protected readonly passes = new PeriodicPass(this.logger, 'console drain', () => this.pass(), TICK_MS);
  /** Connections warned about the deadline they were told. */
  private told = { deadline: 0, connections: new Set<string>() };

  constructor(
    @InjectRepository(NodeEntity) private readonly nodes: Repository<NodeEntity>,
    @InjectRepository(ConsoleEntity) private readonly consoles: Repository<ConsoleEntity>,
    private readonly server: ConsoleServer,
    private readonly containers: ConsoleContainers,
    @Inject(PANEL_CONFIG) private readonly config: PanelConfig,
  ) {
    super();
  }


  private async pass() {
    const me = this.config.nodeId;
    const node = await this.nodes.findOneBy({ id: me });
    if (node?.state !== 'draining' || !node.drainConsolesEndAt) return;
    const endAt = node.drainConsolesEndAt.getTime();
    if (Date.now() < endAt) {
      if (this.told.deadline !== endAt) this.told = { deadline: endAt, connections: new Set() };
      const at = node.drainConsolesEndAt.toISOString().slice(11, 19);
      const text = `\r\n[panel] Server ${me} is being drained for maintenance: this console ends at ${at} UTC. Open it again then to continue on another server.\r\n`;
      await this.server.noticeAttached(text, this.told.connections);
      return;
    }
    const open = await this.consoles.find({ where: { nodeId: me }, relations: { account: true } });
    for (const console of open) {
      const home = console.account?.homeNodeId;
      // Its account has no other home yet (no node with room): it stays until the leader finds one.
      if (!home || home === me) continue;
      const reason = `Ended when server ${me} was drained for maintenance; open it again to start it on server ${home}.`;
      await this.server.endConsole(console, reason);
      await this.consoles.update({ id: console.id, nodeId: me }, { nodeId: home, endedReason: reason });
      this.logger.log(`console ${console.id} of ${console.account?.username} ended by the drain; it now belongs to ${home}`);
    }
    if (!(await this.consoles.existsBy({ nodeId: me }))) {
      for (const info of await this.containers.list()) await this.containers.stopAndRemove(info.id);
    }
  }
}
