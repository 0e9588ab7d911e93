import type { AnyElysia } from "elysia";
import type { AppContext } from "../core/context.ts";
import { actionModule } from "./action/index.ts";
import { attachmentModule } from "./attachment/index.ts";
import { barcodeModule } from "./barcode/index.ts";
import { barcodeOrderRoutes } from "./barcode/order-routes.ts";
import { companyModule } from "./company/index.ts";
import { mediaModule } from "./media/index.ts";
import { notificationModule } from "./notification/index.ts";
import { metadataModule } from "./metadata/index.ts";
import { orderModule } from "./order/index.ts";
import { categoryParameterRoutes } from "./parameter/category-routes.ts";
import { parameterModule } from "./parameter/index.ts";
import { partModule } from "./part/index.ts";
import { pluginModule } from "./plugin/index.ts";
import { reportModule } from "./report/index.ts";
import { serverInfoModule } from "./server-info/index.ts";
import { settingsModule } from "./settings/index.ts";
import { statusModule } from "./status/index.ts";
import { stockModule } from "./stock/index.ts";
import { userModule } from "./user/index.ts";

/** Every feature module, in the order their routes are registered. */
export const moduleList: ((ctx: AppContext) => AnyElysia)[] = [mediaModule, serverInfoModule, userModule, partModule, stockModule, companyModule, statusModule, orderModule, pluginModule, actionModule, settingsModule, notificationModule, barcodeModule, barcodeOrderRoutes, reportModule, attachmentModule, metadataModule, parameterModule, categoryParameterRoutes];
