import { BadRequestException, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { accountPythonVersion, type AccountPythonDefaults, ConsoleView, PaCreateConsoleRequest, PaSendInputRequest, PYTHON_VERSIONS } from '@panel/contracts';
import type { AccountEntity } from '@panel/database';
import { z } from 'zod';
import { CurrentAccount } from '../common/request-context';
import { OwnAccount } from './own-account.guard';
import { ZodBody } from '../common/zod';
import { ConsoleSpec, ConsolesService } from '../consoles/consoles.service';

/**
 * PythonAnywhere's consoles API. A console created here starts at once (PythonAnywhere waits for a browser to open
 * it first; ours does not), so send_input and get_latest_output work straight away.
 */
@ApiTags('pythonanywhere')
@OwnAccount()
@Controller('api/v0/user/:username/consoles')
export class PythonAnywhereConsolesController {
  constructor(private readonly consoles: ConsolesService) {}


  private toPa(account: AccountEntity, c: ConsoleView) {
    return {
      id: c.id,
      user: account.username,
      executable: c.executable,
      arguments: c.arguments,
      working_directory: c.workingDirectory,
      name: c.name,
      console_url: c.url,
      console_frame_url: c.url,
      state: c.state,
    };
  }

  @Get()
  async list(@CurrentAccount() account: AccountEntity) {
    return (await this.consoles.list(account)).map((c) => this.toPa(account, c));
  }

  @Post()
  async create(@CurrentAccount() account: AccountEntity, @ZodBody(PaCreateConsoleRequest) body: z.output<typeof PaCreateConsoleRequest>) {
    return this.toPa(account, await this.consoles.create(account, specFromPa(body, account)));
  }

  @Get(':id')
  async get(@CurrentAccount() account: AccountEntity, @Param('id') id: string) {
    return this.toPa(account, await this.consoles.get(account, id));
  }

  @Delete(':id')
  @HttpCode(204)
  async kill(@CurrentAccount() account: AccountEntity, @Param('id') id: string) {
    await this.consoles.kill(account, id);
  }

  /** Types into the console; "\n" is Enter. */
  @Post(':id/send_input')
  @HttpCode(200)
  async sendInput(@CurrentAccount() account: AccountEntity, @Param('id') id: string, @ZodBody(PaSendInputRequest) body: z.infer<typeof PaSendInputRequest>) {
    await this.consoles.sendInput(account, id, body.input);
    return { status: 'OK' };
  }

  /** The recent output as text: the scrollback and the screen. */
  @Get(':id/get_latest_output')
  async latestOutput(@CurrentAccount() account: AccountEntity, @Param('id') id: string) {
    return { output: await this.consoles.latestOutput(account, id) };
  }
}

/**
 * bash and pythonX.Y without arguments are the dashboard's kinds; anything else runs as a bash command line. `python`
 * and `python3` (and bash's image) are the account's default_python_version / default_python3_version.
 */
export function specFromPa(body: z.output<typeof PaCreateConsoleRequest>, account: AccountPythonDefaults): ConsoleSpec {
  const executable = body.executable === 'python' || body.executable === 'ipython' ? `${body.executable}${accountPythonVersion(account, 'python')}`
    : body.executable === 'python3' || body.executable === 'ipython3' ? `${body.executable.slice(0, -1)}${accountPythonVersion(account, 'python3')}`
    : body.executable;
  const args = body.arguments.trim();
  const python = /^(?:i?python)(3\.\d+)$/.exec(executable);
  if (python && !(PYTHON_VERSIONS as readonly string[]).includes(python[1])) {
    throw new BadRequestException(`${executable} is not available here: use ${PYTHON_VERSIONS.map((v) => `python${v}`).join(', ')}.`);
  }
  const base = { workingDirectory: body.working_directory ?? undefined, name: undefined, executable: body.executable, arguments: body.arguments, database: null };
  if (executable === 'bash' && !args) return { ...base, kind: 'bash', pythonVersion: accountPythonVersion(account, 'python3'), command: null };
  if (python && executable.startsWith('python') && !args) return { ...base, kind: 'python', pythonVersion: python[1], command: null };
  return { ...base, kind: 'custom', pythonVersion: python ? python[1] : accountPythonVersion(account, 'python3'), command: `${executable} ${body.arguments}`.trim() };
}
