/** A project as an auditor reads it at closure: a consortium, contractors, results, publicity, a late end. */
import { projectDoc } from "./projectFile.js";

export const reportedProject = () =>
  projectDoc({
    title: "Közösségi műhelyek fejlesztése Győrben",
    call: { code: "GINOP_PLUSZ-1.2.2-22", title: "Kis- és középvállalkozások fejlesztése" },
    status: "completed",
    publishedFrom: "2023-01-01",
    beneficiary: { name: "Győri Fejlesztő Nonprofit Kft.", taxNumber: "12345678-2-08" },
    partners: [
      { name: "Győri Fejlesztő Nonprofit Kft.", taxNumber: "12345678-2-08", role: "lead", grantShare: "60 000 000 Ft" },
      { name: "Mosonmagyaróvári Műszaki Szakképző", role: "member", grantShare: "25 000 000 Ft" },
    ],
    funds: ["ERFA"],
    funding: { totalCost: "100 000 000 Ft", grant: "85 000 000 Ft", ownContribution: "15 000 000 Ft" },
    dates: { decision: "2022-11-10", start: "2023-01-01", plannedEnd: "2025-03-31", actualEnd: "2025-05-15" },
    deliverables: [
      { title: "Műhelyhálózati tanulmány", kind: "tanulmány", dueDate: "2024-06", deliveredDate: "2024-06-20" },
      { title: "Képzési kézikönyv", kind: "kézikönyv", dueDate: "2024-12", notDeliveredReason: "A 2. módosítás elhagyta." },
    ],
    events: [{ title: "Nyitókonferencia", kind: "konferencia", date: "2023-03-02", place: "Győr", participants: 140, count: 1, held: 1 }],
    procurements: [{ subject: "Műhelyek eszközei", contractor: { name: "Rába Gépészeti Zrt.", taxNumber: "23456789-2-08" }, method: "nyílt eljárás", amount: "31 500 000 Ft", contractDate: "2023-09-01" }],
    indicators: [{ name: "Megújult műhelyek", unit: "db", baseline: 0, target: 10, achieved: 12 }],
    notices: [
      { kind: "start", title: "Elindult a projekt", body: "Indul.", publishedAt: "2023-01-20" },
      { kind: "closing", title: "Lezárult a műhelyfejlesztés", body: "Kész.", publishedAt: "2025-06-02" },
    ],
  });
