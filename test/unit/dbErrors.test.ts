/** Which database failures are an outage (503) and which a full disk (507), as the error handler asks. */
import { expect } from "chai";
import { isDatabaseUnavailable, isDiskFull } from "../../server/data/dbErrors.js";

describe("database failures by kind", () => {
  it("takes a dropped connection for an outage, also when knex put the statement before the message", () => {
    expect(isDatabaseUnavailable(new Error("Connection terminated unexpectedly"))).to.equal(true);
    expect(isDatabaseUnavailable(new Error('select "sess" from "sessions" where "sid" = $1 - Connection terminated unexpectedly'))).to.equal(true);
    expect(isDatabaseUnavailable(Object.assign(new Error("the database system is shutting down"), { code: "57P03" }))).to.equal(true);
    expect(isDatabaseUnavailable(new Error("Client has encountered a connection error and is not queryable"))).to.equal(true);
    expect(isDatabaseUnavailable(Object.assign(new Error("duplicate key"), { code: "23505" }))).to.equal(false);
  });

  it("takes PostgreSQL's disk_full and the file system's ENOSPC for a full disk, nothing else", () => {
    expect(isDiskFull(Object.assign(new Error('could not extend file "base/5/17525": No space left on device'), { code: "53100" }))).to.equal(true);
    expect(isDiskFull(Object.assign(new Error("ENOSPC"), { code: "ENOSPC" }))).to.equal(true);
    expect(isDiskFull(Object.assign(new Error("out of memory"), { code: "53200" }))).to.equal(false);
    expect(isDiskFull(new Error("No space left on device"))).to.equal(false);
  });
});
