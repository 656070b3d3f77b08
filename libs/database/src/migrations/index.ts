// Every committed migration, in order. Rewritten by `npm run migration:generate -- <Name>`.
import type { MigrationInterface } from 'typeorm';
import { Init1795277708039 } from './1795277708039-Init';
import { AddEnvironments1795278337158 } from './1795278337158-AddEnvironments';
import { AddWebApps1795278808032 } from './1795278808032-AddWebApps';
import { AddConsoles1795281013345 } from './1795281013345-AddConsoles';
import { VerifyWebAppDomains1796166514225 } from './1796166514225-VerifyWebAppDomains';
import { AddPlatformInstance1796172905294 } from './1796172905294-AddPlatformInstance';
import { AddNodeStatesAndHomeNodes1796175320536 } from './1796175320536-AddNodeStatesAndHomeNodes';
import { AddNodeIngressAddress1796176072003 } from './1796176072003-AddNodeIngressAddress';
import { AddScheduledTasks1796187530467 } from './1796187530467-AddScheduledTasks';
import { MeasureEnvironments1796187895343 } from './1796187895343-MeasureEnvironments';
import { AddDrainAndPlacementEpochs1796188200807 } from './1796188200807-AddDrainAndPlacementEpochs';
import { AddAccountAdministration1796188520778 } from './1796188520778-AddAccountAdministration';
import { AddAlwaysOnTasks1796189018334 } from './1796189018334-AddAlwaysOnTasks';
import { AddNodeLoadAverage1796190254552 } from './1796190254552-AddNodeLoadAverage';
import { AddCpuUsage1796215496408 } from './1796215496408-AddCpuUsage';
import { AddAccountPythonDefaults1796219408708 } from './1796219408708-AddAccountPythonDefaults';
import { AddFileShares1796219612037 } from './1796219612037-AddFileShares';
import { AddBackupRuns1796219791741 } from './1796219791741-AddBackupRuns';
import { AddWebsiteCommands1796220000000 } from './1796220000000-AddWebsiteCommands';
import { AddWebAppCertificates1796220443009 } from './1796220443009-AddWebAppCertificates';

export const MIGRATIONS: (new () => MigrationInterface)[] = [
  Init1795277708039,
  AddEnvironments1795278337158,
  AddWebApps1795278808032,
  AddConsoles1795281013345,
  VerifyWebAppDomains1796166514225,
  AddPlatformInstance1796172905294,
  AddNodeStatesAndHomeNodes1796175320536,
  AddNodeIngressAddress1796176072003,
  AddScheduledTasks1796187530467,
  MeasureEnvironments1796187895343,
  AddDrainAndPlacementEpochs1796188200807,
  AddAccountAdministration1796188520778,
  AddAlwaysOnTasks1796189018334,
  AddNodeLoadAverage1796190254552,
  AddCpuUsage1796215496408,
  AddAccountPythonDefaults1796219408708,
  AddFileShares1796219612037,
  AddBackupRuns1796219791741,
  AddWebsiteCommands1796220000000,
  AddWebAppCertificates1796220443009,
];
