import { HttpException, Inject, Injectable, OnApplicationShutdown, ServiceUnavailableException } from '@nestjs/common';
import { consoleNodeChannel, ConsoleNodeRequest, consoleReplyChannel, ConsoleRpc, ConsoleRpcReply } from '@panel/console-relay';
import { REDIS } from '@panel/nest';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';

export type ConsoleRpcResult = Extract<ConsoleRpcReply, { ok: true }>;

/**
 * panel-api's side of the console relay: one Redis subscriber connection for every console connection and reply
 * this process waits for, and request/response with a node's worker over its channel.
 */
@Injectable()
export class ConsoleBridge implements OnApplicationShutdown {
  private readonly subscriber: Redis;
  private readonly listeners = new Map<string, (message: Buffer) => void>();

  constructor(@Inject(REDIS) private readonly redis: Redis) {
    // No ready check: INFO cannot run once the connection is subscribing (see subscriberConnection in libs/nest).
    this.subscriber = redis.duplicate({ enableReadyCheck: false });
    this.subscriber.on('messageBuffer', (channel: Buffer, message: Buffer) => this.listeners.get(channel.toString())?.(message));
  }

  async onApplicationShutdown() {
    await this.subscriber.quit().catch(() => undefined);
  }

  /** Resolves once subscribed, so nothing published afterwards is missed. */
  async subscribe(channel: string, listener: (message: Buffer) => void): Promise<void> {
    this.listeners.set(channel, listener);
    await this.connected();
    await this.subscriber.subscribe(channel);
  }

  /** ioredis refuses its own ready check on a connection that subscribed before it was ready: wait for it. */
  private async connected(): Promise<void> {
    if (this.subscriber.status !== 'ready') await new Promise((resolve) => this.subscriber.once('ready', resolve));
  }

  async unsubscribe(channel: string): Promise<void> {
    this.listeners.delete(channel);
    await this.subscriber.unsubscribe(channel).catch(() => undefined);
  }

  /** How many subscribers got it: 0 means nobody listens there (a worker that is down). */
  publish(channel: string, message: Buffer | string): Promise<number> {
    return this.redis.publish(channel, message);
  }

  sendToNode(nodeId: string, request: ConsoleNodeRequest): Promise<number> {
    return this.publish(consoleNodeChannel(nodeId), JSON.stringify(request));
  }

  /** Asks the console's node and waits for its answer; the node's errors become HTTP errors with its message. */
  async rpc(nodeId: string, accountId: number, rpc: ConsoleRpc, timeoutMs = 15_000): Promise<ConsoleRpcResult> {
    const requestId = randomUUID();
    const channel = consoleReplyChannel(requestId);
    let timer: NodeJS.Timeout | undefined;
    const reply = new Promise<ConsoleRpcReply>((resolve, reject) => {
      this.listeners.set(channel, (message) => resolve(JSON.parse(message.toString('utf8')) as ConsoleRpcReply));
      timer = setTimeout(
        () => reject(new ServiceUnavailableException(`The node ${nodeId} that runs your consoles did not answer in time. Try again in a moment.`)),
        timeoutMs,
      );
    });
    reply.catch(() => undefined);
    try {
      await this.connected();
      await this.subscriber.subscribe(channel);
      const receivers = await this.sendToNode(nodeId, { type: 'rpc', requestId, accountId, rpc });
      if (receivers === 0) {
        throw new ServiceUnavailableException(`The node ${nodeId} that runs your consoles is offline. Try again when its worker is back.`);
      }
      const answer = await reply;
      if (!answer.ok) throw new HttpException(answer.message, answer.status);
      return answer;
    } finally {
      clearTimeout(timer);
      await this.unsubscribe(channel);
    }
  }
}
