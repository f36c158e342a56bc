/** The calendar feed's content: the open deadlines of the actor's projects, as all-day events with stable UIDs. */
import { expect } from "chai";
import type { Actor } from "../../server/domain/permissions.js";
import { ForbiddenError } from "../../server/errors.js";
import { testApp, PUBLIC_BASE_URL } from "../helpers/app.js";
import { useTestDatabase } from "../helpers/database.js";
import { fileOf, projectDoc } from "../factories/projectFile.js";

type Event = Record<string, string>;

/** The VEVENTs of an iCalendar text, each as property name (without parameters) → value, lines unfolded. */
function parseEvents(text: string): Event[] {
  expect(text).to.match(/^BEGIN:VCALENDAR\r\n/).and.match(/END:VCALENDAR(\r\n)?$/);
  const lines = text.replace(/\r\n[ \t]/g, "").split("\r\n");
  const events: Event[] = [];
  let current: Event | null = null;
  for (const line of lines) {
    if (line === "BEGIN:VEVENT") current = {};
    else if (line === "END:VEVENT") {
      events.push(current!);
      current = null;
    } else if (current) {
      const colon = line.indexOf(":");
      current[line.slice(0, colon)] = line.slice(colon + 1).replace(/\\n/g, "\n").replace(/\\([,;\\])/g, "$1");
    }
  }
  return events;
}

describe("the calendar feed", () => {
  const context = useTestDatabase();
  let app: ReturnType<typeof testApp>;
  const ids: Record<string, number> = {};
  const manager = (...projectIds: number[]): Actor => ({ label: "pm@example.hu", userId: 1, roles: ["project_manager"], projectIds: new Set(projectIds) });

  before(async () => {
    app = testApp(context.db);
    const docs = {
      mine: projectDoc({
        identifier: "KEHOP_PLUSZ-1.2.1-21-2022-00009",
        title: "Árvízvédelmi fejlesztés",
        dates: { start: "2029-01-01", plannedEnd: "2031-12" },
        milestones: [{ title: "Műszaki átadás", dueDate: "2030-06-20" }, { title: "Kész", dueDate: "2030-01-10", achievedDate: "2030-01-09" }],
        obligations: [
          { kind: "payment_claim", title: "2. kifizetési kérelem", dueDate: "2030-09-01" },
          { kind: "sustainability_report", dueDate: "2033" },
          { kind: "progress_report", dueDate: "2030-03-01", doneDate: "2030-02-27" },
        ],
      }),
      theirs: projectDoc({ title: "Más projekt", milestones: [{ title: "Idegen mérföldkő", dueDate: "2030-06-20" }] }),
    };
    await app.services.importer.importDocument(fileOf(...Object.values(docs)), "import:test");
    for (const [name, doc] of Object.entries(docs)) ids[name] = (await context.db.knex("projects").where({ title: doc.title }).first("id")).id;
  });

  it("gives each open deadline of the actor's projects as an all-day event on the day it falls due", async () => {
    const events = parseEvents(await app.services.calendar.feedFor(manager(ids.mine!)));
    const byDay = Object.fromEntries(events.map((e) => [e["DTSTART;VALUE=DATE"], e.SUMMARY]));
    expect(byDay).to.deep.equal({
      "20300620": "Mérföldkő: Műszaki átadás – KEHOP_PLUSZ-1.2.1-21-2022-00009 – Árvízvédelmi fejlesztés",
      "20300901": "Kifizetési kérelem: 2. kifizetési kérelem – KEHOP_PLUSZ-1.2.1-21-2022-00009 – Árvízvédelmi fejlesztés",
      "20311231": "Tervezett befejezés – KEHOP_PLUSZ-1.2.1-21-2022-00009 – Árvízvédelmi fejlesztés",
      "20331231": "Fenntartási jelentés – KEHOP_PLUSZ-1.2.1-21-2022-00009 – Árvízvédelmi fejlesztés",
    });
  });

  it("names each event by its record's uid, which stays when the deadline moves", async () => {
    const uidOf = async () =>
      (await context.db.knex("milestones").where({ title: "Műszaki átadás" }).first("uid")).uid as string;
    const find = async () => parseEvents(await app.services.calendar.feedFor(manager(ids.mine!))).find((e) => e.SUMMARY!.startsWith("Mérföldkő"))!;
    expect((await find()).UID).to.equal(`${await uidOf()}@projektek.example.hu`);
    const project = await context.db.knex("projects").where({ id: ids.mine }).first("uid");
    const milestones = await context.db.knex("milestones").where({ project_id: ids.mine }).orderBy("position").select("uid", "title", "due_date", "achieved_date");
    await app.services.importer.importDocument(
      fileOf(
        projectDoc({
          uid: project.uid,
          identifier: "KEHOP_PLUSZ-1.2.1-21-2022-00009",
          title: "Árvízvédelmi fejlesztés",
          milestones: milestones.map((m) => ({
            uid: m.uid,
            title: m.title,
            dueDate: m.title === "Műszaki átadás" ? "2030-07-15" : m.due_date,
            achievedDate: m.achieved_date,
          })),
        }),
      ),
      "import:test",
    );
    const moved = await find();
    expect(moved["DTSTART;VALUE=DATE"]).to.equal("20300715");
    expect(moved.UID).to.equal(`${await uidOf()}@projektek.example.hu`);
  });

  it("links each event to the project's staff page", async () => {
    const [event] = parseEvents(await app.services.calendar.feedFor(manager(ids.mine!)));
    expect(event!["URL;VALUE=URI"]).to.match(new RegExp(`^${PUBLIC_BASE_URL}/.*projektek/KEHOP_PLUSZ-1\\.2\\.1-21-2022-00009$`));
    expect(event!.DESCRIPTION).to.contain("Határidő: ");
  });

  it("leaves out other people's projects and what is done", async () => {
    const summaries = parseEvents(await app.services.calendar.feedFor(manager(ids.mine!))).map((e) => e.SUMMARY!);
    expect(summaries.join("\n")).to.not.contain("Idegen mérföldkő").and.not.contain("Kész").and.not.contain("előrehaladási");
  });

  it("is for staff only", async () => {
    try {
      await app.services.calendar.feedFor({ label: "x", userId: 9, roles: [], projectIds: null });
    } catch (error) {
      expect(error).to.be.instanceOf(ForbiddenError);
      return;
    }
    expect.fail("expected a ForbiddenError");
  });
});
