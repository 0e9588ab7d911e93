import { Elysia } from "elysia";
import type { AppContext } from "../../core/context.ts";
import { authPlugin } from "../../http/auth.ts";
import { AdjustBody, AdjustResponse, AssignBody, AssignResponse, CountBody, TransferBody } from "./adjust-model.ts";
import { assignStockToCustomer } from "./assign-service.ts";
import { runStockAction } from "./adjust-answer.ts";

/** POST /api/stock/{add,remove,count,transfer,assign}/: all-or-nothing stock adjustments. */
export const actionRoutes = (ctx: AppContext) =>
  new Elysia()
    .use(authPlugin(ctx))
    .post(
      "/add/",
      ({ body, user, set }) => {
        set.status = 201;
        return runStockAction(ctx.database, "add", body, user.id);
      },
      { auth: "staff", body: AdjustBody, response: { 201: AdjustResponse }, detail: { summary: "Add stock to items" } },
    )
    .post(
      "/remove/",
      ({ body, user, set }) => {
        set.status = 201;
        return runStockAction(ctx.database, "remove", body, user.id);
      },
      { auth: "staff", body: AdjustBody, response: { 201: AdjustResponse }, detail: { summary: "Remove stock from items" } },
    )
    .post(
      "/count/",
      ({ body, user, set }) => {
        set.status = 201;
        return runStockAction(ctx.database, "count", body, user.id);
      },
      { auth: "staff", body: CountBody, response: { 201: AdjustResponse }, detail: { summary: "Stocktake: set counted quantities" } },
    )
    .post(
      "/transfer/",
      ({ body, user, set }) => {
        set.status = 201;
        return runStockAction(ctx.database, "transfer", body, user.id);
      },
      { auth: "staff", body: TransferBody, response: { 201: AdjustResponse }, detail: { summary: "Move items (or part of them) to a location" } },
    )
    .post(
      "/assign/",
      ({ body, user, set }) => {
        set.status = 201;
        return assignStockToCustomer(ctx.database, body, user.id);
      },
      { auth: "staff", body: AssignBody, response: { 201: AssignResponse }, detail: { summary: "Assign whole stock items to a customer" } },
    );
