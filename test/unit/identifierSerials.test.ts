import { expect } from "chai";
import { parseCallCode, parseProjectIdentifier } from "../../server/domain/identifiers.js";
import { IdentifierSerials } from "../../server/domain/identifierSerials.js";

describe("identifier serials for bulk loads", () => {
  const call = parseCallCode("GINOP_PLUSZ-1.2.2-22");

  it("continue after the stored serials, zero-padded to the period's width", () => {
    const serials = new IdentifierSerials([{ prefix: "GINOP_PLUSZ-1.2.2-22-2022-", serial: 2139 }]);
    expect(serials.next(call, 2022)).to.deep.equal({ identifier: "GINOP_PLUSZ-1.2.2-22-2022-02140", year: 2022 });
    expect(serials.next(call, 2023)).to.deep.equal({ identifier: "GINOP_PLUSZ-1.2.2-22-2023-00001", year: 2023 });
    expect(new IdentifierSerials([]).next(parseCallCode("ÁROP-1.A.5-2013"), 2013)?.identifier).to.equal("ÁROP-1.A.5-2013-2013-0001");
  });

  it("move on to the call's next year when a year is full, and say when every year is", () => {
    const serials = new IdentifierSerials([{ prefix: "GINOP_PLUSZ-1.2.2-22-2022-", serial: 99_998 }], null, 1);
    expect(serials.next(call, 2022)?.identifier).to.equal("GINOP_PLUSZ-1.2.2-22-2022-99999");
    const next = serials.next(call, 2022)!;
    expect(next).to.deep.equal({ identifier: "GINOP_PLUSZ-1.2.2-22-2023-00001", year: 2023 });
    expect(parseProjectIdentifier(next.identifier).identifier).to.equal(next.identifier);

    const small = new IdentifierSerials([], 2, 1);
    const handed = Array.from({ length: 5 }, () => small.next(call, 2024)?.identifier ?? null);
    expect(handed).to.deep.equal([
      "GINOP_PLUSZ-1.2.2-22-2024-00001",
      "GINOP_PLUSZ-1.2.2-22-2024-00002",
      "GINOP_PLUSZ-1.2.2-22-2025-00001",
      "GINOP_PLUSZ-1.2.2-22-2025-00002",
      null,
    ]);
  });
});
