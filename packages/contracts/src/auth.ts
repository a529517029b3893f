import { Type, type Static } from '@sinclair/typebox';
import { literals, Nullable, Uuid } from './common.ts';

export const ROLES = [
  'admin',
  'leader',
  'inspector',
  'duty_officer',
  'enterprise_manager',
  'worker',
] as const;
export const RoleSchema = literals(ROLES);
export type Role = (typeof ROLES)[number];

export const LoginBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 40 }),
    password: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);

export const Me = Type.Object({
  id: Uuid,
  username: Type.String(),
  displayName: Type.String(),
  role: RoleSchema,
  regionCode: Type.String({ description: 'jurisdiction prefix; empty for the whole country' }),
  regionName: Nullable(Type.String()),
  authority: Nullable(Type.Object({ id: Uuid, name: Type.String(), shortName: Type.String() })),
  enterpriseId: Nullable(Uuid),
  enterpriseName: Nullable(Type.String()),
  workerId: Nullable(Uuid),
  expertId: Type.Optional(Nullable(Uuid)),
  projectScoped: Type.Optional(
    Type.Boolean({ description: 'a project account: it sees only the projects it is named on' }),
  ),
  mustChangePassword: Type.Boolean(),
  timeZone: Type.Optional(
    Type.String({
      description:
        "the jurisdiction's IANA time zone (server TIME_ZONE, e.g. Asia/Shanghai): every time on screen is shown in it, never in the browser's",
    }),
  ),
});
export type Me = Static<typeof Me>;

/**
 * A password being set (ASVS 5.0 §6; the rules: @redline/domain password-policy.ts). Logging in
 * accepts any stored password's length, so accounts from before these rules still log in.
 */
export const NewPassword = Type.String({
  minLength: 12,
  maxLength: 200,
  description:
    'at least 12 characters (passphrases welcome, up to 200); not a common password, not built from your user name or name, and hard enough to guess (zxcvbn score ≥ 3) — refused with 400 WEAK_PASSWORD and the reason',
});

export const ChangePasswordBody = Type.Object(
  {
    currentPassword: Type.String({ minLength: 1, maxLength: 200 }),
    newPassword: NewPassword,
  },
  { additionalProperties: false },
);

export const UserView = Type.Object({
  id: Uuid,
  username: Type.String(),
  displayName: Type.String(),
  role: RoleSchema,
  regionCode: Type.String(),
  authorityId: Nullable(Uuid),
  authorityName: Nullable(Type.String()),
  enterpriseId: Nullable(Uuid),
  workerId: Nullable(Uuid),
  /** Law-enforcement certificate number (执法证号). */
  licenceNo: Nullable(Type.String()),
  phone: Type.String(),
  active: Type.Boolean(),
  projectScoped: Type.Boolean({
    description:
      'a project account of an enterprise (users.project_scoped): it sees only the projects its person is named on',
  }),
  /** An expert's own login: the register entry it signs as (a worker-role account with no worker record). */
  expertId: Nullable(Uuid),
  createdAt: Type.String({ format: 'date-time' }),
});
export type UserView = Static<typeof UserView>;

const LicenceNo = Type.String({
  maxLength: 40,
  description:
    'law-enforcement certificate number (执法证号) of a regulator: 4–40 characters (digits, letters, Chinese characters, - / brackets), at least four digits, unique; null or empty clears it. Inspections and documents need two officers with one (Administrative Penalty Law 2021 art. 42)',
});

export const CreateUserBody = Type.Object(
  {
    username: Type.String({
      pattern: '^[a-z0-9._-]{3,40}$',
      description: '3–40 lower-case letters, digits, . _ -',
    }),
    displayName: Type.String({ minLength: 1, maxLength: 60 }),
    password: NewPassword,
    role: RoleSchema,
    regionCode: Type.Optional(Type.String({ pattern: '^(\\d{2}(\\d{2}(\\d{2}(\\d{3})?)?)?)?$' })),
    authorityId: Type.Optional(Nullable(Uuid)),
    enterpriseId: Type.Optional(Nullable(Uuid)),
    workerId: Type.Optional(Nullable(Uuid)),
    licenceNo: Type.Optional(Nullable(LicenceNo)),
    phone: Type.Optional(Type.String({ maxLength: 30 })),
    projectScoped: Type.Optional(
      Type.Boolean({
        description:
          'enterprise_manager only: a project account, which sees only the projects it is named on (name it with POST /api/projects/:id/members and its userId) and may not name anyone itself',
      }),
    ),
  },
  { additionalProperties: false },
);
export const UpdateUserBody = Type.Object(
  {
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
    role: Type.Optional(RoleSchema),
    active: Type.Optional(Type.Boolean()),
    password: Type.Optional(NewPassword),
    licenceNo: Type.Optional(Nullable(LicenceNo)),
    phone: Type.Optional(Type.String({ maxLength: 30 })),
  },
  { additionalProperties: false },
);

export const ApiTokenView = Type.Object({
  id: Uuid,
  name: Type.String(),
  prefix: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  lastUsedAt: Nullable(Type.String({ format: 'date-time' })),
  revokedAt: Nullable(Type.String({ format: 'date-time' })),
});
export const CreateTokenBody = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 60 }) },
  { additionalProperties: false },
);
export const CreatedToken = Type.Object({
  token: Type.String({ description: 'shown once' }),
  info: ApiTokenView,
});
