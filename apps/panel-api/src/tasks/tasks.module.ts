import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AlwaysOnTaskEntity, ScheduledTaskEntity, TaskRunEntity } from '@panel/database';
import { TaskQueuesModule } from '@panel/nest';
import { ConsolesModule } from '../consoles/consoles.module';
import { NodesModule } from '../nodes/nodes.module';
import { PythonAnywhereAlwaysOnController } from '../pythonanywhere/pythonanywhere-always-on.controller';
import { PythonAnywhereScheduleController } from '../pythonanywhere/pythonanywhere-schedule.controller';
import { AlwaysOnController } from './always-on.controller';
import { AlwaysOnService } from './always-on.service';
import { TasksController } from './tasks.controller';
import { TasksService } from './tasks.service';

@Module({
  imports: [TypeOrmModule.forFeature([ScheduledTaskEntity, TaskRunEntity, AlwaysOnTaskEntity]), TaskQueuesModule, NodesModule, ConsolesModule],
  controllers: [TasksController, AlwaysOnController, PythonAnywhereScheduleController, PythonAnywhereAlwaysOnController],
  providers: [TasksService, AlwaysOnService],
  exports: [TasksService, AlwaysOnService],
})
export class TasksModule {}
