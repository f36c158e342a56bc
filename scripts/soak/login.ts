/** Logging in through the form as a person does, for the load scripts' staff requests. */
import type { MixData } from "./mix.js";

/** Returns the session cookie of the mix's staff account. */
export async function logIn(base: string, data: MixData): Promise<string> {
  const form = await fetch(`${base}/belepes`);
  const cookieOf = (response: Response) => response.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1];
  if (!csrf) throw new Error("the login page has no CSRF token");
  const login = await fetch(`${base}/belepes`, {
    method: "POST",
    redirect: "manual",
    headers: { cookie: cookieOf(form), "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ _csrf: csrf, email: data.email, password: data.password }),
  });
  await login.arrayBuffer();
  if (login.status !== 303) throw new Error(`login answered ${login.status}`);
  return cookieOf(login);
}
