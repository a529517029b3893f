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
  subjectName: Type.Optional(
    Nullable(
      Type.String({
        description:
          "the subject's name now (enterprise name, document number, device name…), looked up for the page; not part of the hashed entry",
      }),
    ),
  ),
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
export const CHECKPOINT_CHAIN_RESULTS = ['ok', 'truncated', 'missing', 'rewritten', 'broken'] as const;

const CheckpointChainResult = Type.Object({
  chain: Type.String(),
  seq: Type.Integer(),
  ok: Type.Boolean(),
  /** truncated: entries after the database's head were removed (the head row may have been moved back). */
  kind: literals(CHECKPOINT_CHAIN_RESULTS),
  message: Type.String(),
});

export const CheckpointCheck = Type.Object({
  ok: Type.Boolean(),
  issuedAt: Type.String(),
  signatureValid: Type.Boolean(),
  ourKey: Type.Boolean(),
  chains: Type.Array(CheckpointChainResult),
});
export type CheckpointCheck = Static<typeof CheckpointCheck>;

/** The newest routine checkpoint, checked against the database (chains of your jurisdiction only). */
export const LatestCheckpointCheck = Type.Object({
  ...CheckpointCheck.properties,
  /** Where it was read: the checkpoint directory, or the database's copy when that is newer. */
  source: literals(['file', 'database'] as const),
  file: Nullable(Type.String()),
});

export const RoutineCheckpointStatus = Type.Object({
  minutes: Type.Integer(),
  every: Type.Integer(),
  webhook: Type.Object({
    configured: Type.Boolean(),
    pending: Type.Integer(),
    failing: Type.Integer(),
    delivered: Type.Integer(),
    lastError: Nullable(Type.String()),
    lastDeliveredAt: Nullable(Type.String({ format: 'date-time' })),
  }),
});

export const VerifyAuditResult = Type.Object({
  ok: Type.Boolean(),
  checkedAt: Type.String({ format: 'date-time' }),
  chains: Type.Array(ChainReport),
  /** null: no checkpoint written yet. */
  checkpoint: Nullable(LatestCheckpointCheck),
  /** A checkpoint file that could not be read. */
  checkpointError: Nullable(Type.String()),
  routine: RoutineCheckpointStatus,
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
