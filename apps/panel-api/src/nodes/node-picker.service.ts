import { Injectable, ServiceUnavailableException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { WebAppEntity } from '@panel/database';
import { Repository } from 'typeorm';
import { NodeDirectory } from './node-directory.service';

/** Places new web apps on the online node with the fewest apps. */
@Injectable()
export class NodePicker {
  constructor(
    private readonly directory: NodeDirectory,
    @InjectRepository(WebAppEntity) private readonly webapps: Repository<WebAppEntity>,
  ) {}

  async pick(): Promise<string> {
    const online = await this.directory.onlineIds();
    if (!online.length) throw new ServiceUnavailableException('No worker node is online to run web apps. Ask an operator to start a worker.');
    const counts = await Promise.all(online.map((id) => this.webapps.countBy({ nodeId: id })));
    return online[counts.indexOf(Math.min(...counts))];
  }
}
