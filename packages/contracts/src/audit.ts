import { Type, type Static } from '@sinclair/typebox';
import { literals, Nullable, PageQuery, Uuid } from './common.ts';

/** The audit chain: entries, verification reports and signed checkpoints. */
export const AuditEntry = Type.Object({
  id: Uuid,
  chain: Type.String(),
  seq: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  actorId: Nullable(Uuid),
  actorName: Type.String(),
  actorRole: Type.String(),
  action: Type.String(),
  subjectType: Type.String(),
  subjectId: Type.String(),
  regionCode: Type.String(),
  beforeDigest: Nullable(Type.String()),
  afterDigest: Nullable(Type.String()),
  details: Type.Record(Type.String(), Type.Unknown()),
  prevHash: Type.String(),
  hash: Type.String(),
});
export type AuditEntry = Static<typeof AuditEntry>;

export const AuditEntryQuery = Type.Object(
  {
    ...PageQuery,
    chain: Type.Optional(Type.String({ maxLength: 12 })),
    subjectType: Type.Optional(Type.String({ maxLength: 40 })),
    subjectId: Type.Optional(Type.String({ maxLength: 80 })),
    action: Type.Optional(Type.String({ maxLength: 60 })),
  },
  { additionalProperties: false },
);

export const CHAIN_PROBLEMS = [
  'altered',
  'removed',
  'reordered',
  'renumbered',
  'truncated',
  'head_mismatch',
] as const;

export const ChainReport = Type.Object({
  chain: Type.String(),
  entries: Type.Integer(),
  headSeq: Nullable(Type.Integer()),
  lastHash: Nullable(Type.String()),
  ok: Type.Boolean(),
  problem: Nullable(
    Type.Object({
      kind: literals(CHAIN_PROBLEMS),
      seq: Type.Integer(),
      entryId: Nullable(Type.String()),
      message: Type.String(),
    }),
  ),
});
export type ChainReport = Static<typeof ChainReport>;

export const VerifyAuditQuery = Type.Object(
  { chain: Type.Optional(Type.String({ maxLength: 12 })) },
  { additionalProperties: false },
);
export const VerifyAuditResult = Type.Object({
  ok: Type.Boolean(),
  checkedAt: Type.String({ format: 'date-time' }),
  chains: Type.Array(ChainReport),
});
export type VerifyAuditResult = Static<typeof VerifyAuditResult>;

export const SignedCheckpoint = Type.Object(
  {
    version: Type.Literal(1),
    issuedAt: Type.String({ maxLength: 40 }),
    scope: Type.String({ maxLength: 12 }),
    chains: Type.Array(
      Type.Object(
        {
          chain: Type.String({ maxLength: 12 }),
          seq: Type.Integer({ minimum: 1 }),
          hash: Type.String({ pattern: '^[0-9a-f]{64}$' }),
        },
        { additionalProperties: false },
      ),
      { maxItems: 10000 },
    ),
    algorithm: Type.Literal('Ed25519'),
    keyId: Type.String({ maxLength: 64 }),
    publicKey: Type.String({ maxLength: 200 }),
    signature: Type.String({ maxLength: 200 }),
  },
  { additionalProperties: false },
);
export type SignedCheckpoint = Static<typeof SignedCheckpoint>;

export const CheckpointCheck = Type.Object({
  ok: Type.Boolean(),
  signatureValid: Type.Boolean(),
  ourKey: Type.Boolean(),
  chains: Type.Array(
    Type.Object({ chain: Type.String(), seq: Type.Integer(), ok: Type.Boolean(), message: Type.String() }),
  ),
});

export type CheckpointCheck = Static<typeof CheckpointCheck>;
