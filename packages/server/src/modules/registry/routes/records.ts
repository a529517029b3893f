import { IdParams, Page } from '@redline/contracts';
import { actorOf, type RoutePlugin } from '../../../http/context.ts';
import { authorize } from '../../../auth/policy.ts';
import type { KindSchemas, RegistryKind } from '../kind.ts';
import { createRecord } from '../create-record.ts';
import { updateRecord } from '../update-record.ts';
import { ERROR_RESPONSES } from '../../../http/error-responses.ts';

const errors = ERROR_RESPONSES;

/** The records of one registry kind: list, detail, register, edit. */
export const recordRoutes =
  <S extends KindSchemas>(kind: RegistryKind<S>): RoutePlugin =>
  async (app, deps) => {
    const tags = [kind.path];
    const base = `/api/${kind.path}`;
    const { view, input, patch, query } = kind.schemas;

    app.get(
      base,
      {
        schema: {
          tags,
          summary: `List ${kind.label.en}`,
          querystring: query,
          response: { 200: Page(view), ...errors },
        },
      },
      async (req) => {
        const actor = actorOf(req);
        authorize(actor, 'read', kind.kind);
        return kind.list(deps, actor, req.query);
      },
    );

    app.get(
      `${base}/:id`,
      {
        schema: {
          tags,
          summary: `One of the ${kind.label.en}`,
          params: IdParams,
          response: { 200: view, ...errors },
        },
      },
      async (req) => {
        const actor = actorOf(req);
        authorize(actor, 'read', kind.kind);
        return kind.get(deps, actor, req.params.id);
      },
    );

    app.post(
      base,
      {
        schema: {
          tags,
          summary: `Register one of the ${kind.label.en}`,
          body: input,
          response: { 201: view, ...errors },
        },
      },
      async (req, reply) => {
        const actor = actorOf(req);
        authorize(actor, 'create', kind.kind);
        const created = await createRecord(deps, actor, kind, req.body);
        reply.status(201);
        return created;
      },
    );

    app.patch(
      `${base}/:id`,
      {
        schema: {
          tags,
          summary: `Edit one of the ${kind.label.en}`,
          params: IdParams,
          body: patch,
          response: { 200: view, ...errors },
        },
      },
      async (req) => {
        const actor = actorOf(req);
        authorize(actor, 'update', kind.kind);
        return updateRecord(deps, actor, kind, req.params.id, req.body);
      },
    );
  };
