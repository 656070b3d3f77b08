import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ScheduledTaskEntity, TaskRunEntity } from '@panel/database';
import { TaskQueuesModule } from '@panel/nest';
import { ConsolesModule } from '../consoles/consoles.module';
import { NodesModule } from '../nodes/nodes.module';
import { PythonAnywhereScheduleController } from '../pythonanywhere/pythonanywhere-schedule.controller';
import { TasksController } from './tasks.controller';
import { TasksService } from './tasks.service';

@Module({
  imports: [TypeOrmModule.forFeature([ScheduledTaskEntity, TaskRunEntity]), TaskQueuesModule, NodesModule, ConsolesModule],
  controllers: [TasksController, PythonAnywhereScheduleController],
  providers: [TasksService],
})
export class TasksModule {}
