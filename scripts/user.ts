/**
 * npm run user -- add --email E --name N --role R [--role R2] [--restricted] [--password-stdin]
 * npm run user -- assign --email E --project KEY
 * npm run user -- reset --email E
 * npm run user -- roles --email E --role R [--role R2] [--restricted]
 * npm run user -- disable|enable --email E
 * npm run user -- list
 *
 * Accounts from the command line: the way to make the first users on a server. The person running it owns the
 * server, so it acts as a system actor with every right; every change still lands in the audit trail.
 */
import { parseArgs } from "node:util";
import { parseRoles } from "../server/domain/accounts.js";
import { systemActor } from "../server/domain/permissions.js";
import { ValidationError, ValidationErrors } from "../server/errors.js";
import { USER_ROLE_LABELS } from "../server/presenters/labels.js";
import { reportAndFail, runWithServices } from "./cli.js";

const USAGE = `Használat:
  npm run user -- add --email E --name "Név" --role projektmenedzser [--role auditor] [--restricted] [--password-stdin]
  npm run user -- assign --email E --project PROJEKTAZONOSÍTÓ
  npm run user -- reset --email E
  npm run user -- roles --email E --role kommunikacio [--restricted]
  npm run user -- disable --email E      (vagy enable)
  npm run user -- list
Szerepkörök: admin, projektmenedzser (project_manager), kommunikacio (communication), auditor (ellenor).
--restricted: kommunikációs munkatárs csak a hozzá rendelt projekteken dolgozhat.
--password-stdin: az egyszer használatos jelszót a szabványos bemenetről olvassa (különben a parancs készít egyet).`;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8").replace(/\r?\n$/, "");
}

let args;
try {
  args = parseArgs({
    allowPositionals: true,
    options: {
      email: { type: "string" },
      name: { type: "string" },
      role: { type: "string", multiple: true },
      project: { type: "string" },
      restricted: { type: "boolean", default: false },
      "password-stdin": { type: "boolean", default: false },
    },
  });
} catch (error) {
  console.error(`${(error as Error).message}\n\n${USAGE}`);
  process.exit(2);
}
const { values, positionals } = args;
const [command] = positionals;
const actor = systemActor(`cli:${process.env.USER ?? "user"}`);

function required(name: "email" | "name" | "project"): string {
  const value = values[name];
  if (value === undefined || value.trim() === "") {
    console.error(`Hiányzik: --${name}\n\n${USAGE}`);
    process.exit(2);
  }
  return value;
}

if (!["add", "assign", "reset", "roles", "disable", "enable", "list"].includes(command ?? "")) {
  console.error(USAGE);
  process.exit(2);
}

let roles: string[] = [];
let password: string | undefined;
if (command === "add" || command === "roles") {
  try {
    roles = parseRoles(values.role ?? [], "--role");
  } catch (error) {
    reportAndFail(new ValidationErrors([error as ValidationError]));
    process.exit(2);
  }
  required("email");
  if (command === "add") {
    required("name");
    if (values["password-stdin"]) password = await readStdin();
  }
}

await runWithServices(async ({ accounts }) => {
  if (command === "add") {
    const { user, oneTimePassword } = await accounts.create(actor, {
      email: values.email!,
      name: values.name!,
      roles,
      password,
      oneTime: true,
      restrictedToAssigned: values.restricted,
    });
    console.log(`Felhasználó létrehozva: ${user.email} (${user.roles.map((r) => USER_ROLE_LABELS[r]).join(", ")})`);
    if (oneTimePassword) console.log(`Egyszer használatos jelszó (első belépéskor cserélni kell): ${oneTimePassword}`);
    else console.log("A megadott jelszót első belépéskor cserélni kell.");
  } else if (command === "assign") {
    const added = await accounts.assign(actor, required("email"), required("project"));
    console.log(added ? "A projekt hozzárendelve." : "A projekt már hozzá volt rendelve; nem változott semmi.");
  } else if (command === "roles" || command === "disable" || command === "enable") {
    const change =
      command === "roles" ? { roles, restrictedToAssigned: values.restricted } : { active: command === "enable" };
    const user = await accounts.updateAccess(actor, required("email"), change);
    console.log(
      `${user.email}: ${user.roles.map((r) => USER_ROLE_LABELS[r]).join(", ")}${user.restrictedToAssigned ? " (csak hozzá rendelt projektek)" : ""}` +
        (user.active ? "" : " – letiltva, nem léphet be"),
    );
  } else if (command === "reset") {
    const oneTimePassword = await accounts.resetPassword(actor, required("email"));
    console.log(`Új egyszer használatos jelszó (első belépéskor cserélni kell): ${oneTimePassword}`);
  } else {
    for (const user of await accounts.list(actor)) {
      const roleNames = user.roles.map((r) => USER_ROLE_LABELS[r]).join(", ");
      console.log(`${user.email}\t${user.name}\t${roleNames}${user.active ? "" : "\t(letiltva)"}${user.mustChangePassword ? "\t(jelszót kell cserélnie)" : ""}`);
    }
  }
});
