/**
 * A project's history as a page: field names as people call them, values as
 * people write them (amounts in forints, dates at the precision known, codes
 * by their Hungarian names), records by kind and title.
 */
import type { AuditAction, AuditValue } from "../domain/audit.js";
import { fromStorage, type DatePrecision } from "../domain/dates.js";
import type { ChangeLine, HistoryEntry, HistoryFilter, RecordLines, Values } from "../domain/history.js";
import { projectKey } from "../domain/projectKey.js";
import type { ProjectHistory } from "../services/historyService.js";
import { formatMoment, formatPartialDate } from "../rendering/dates.js";
import { formatForints, formatNumber, formatPercent } from "../rendering/numbers.js";
import {
  DELIVERABLE_LABELS,
  EVENT_LABELS,
  FIELD_LABELS,
  fieldLabel,
  METHOD_LABELS,
  NOTICE_LABELS,
  NOTICE_STATE_LABELS,
  OBLIGATION_LABELS,
  RECORD_FIELD_LABELS,
  RECORD_KIND_LABELS,
  REVIEW_OUTCOME_LABELS,
  recordFieldLabel,
  ROLE_LABELS,
  STATUS_LABELS,
} from "./labels.js";
import { historyPath, staffPath } from "./projectPresenter.js";

const AMOUNTS = new Set([
  "contracted_total_cost", "contracted_grant", "contracted_own_contribution", "total_cost", "grant_amount",
  "own_contribution", "grant_paid", "grant_share", "amount",
]);
const COUNTS = new Set(["participants", "occurrences", "held", "baseline", "target", "achieved"]);
/** Date columns that always hold a whole day, so they have no precision column. */
const DAYS = new Set(["published_from", "effective_date", "reviewed_on"]);

const KIND_LABELS: Record<string, Record<string, string>> = {
  deliverable: DELIVERABLE_LABELS,
  event: EVENT_LABELS,
  notice: NOTICE_LABELS,
  obligation: OBLIGATION_LABELS,
};

/** The Hungarian name of a coded value, when the field holds codes. */
function codeLabels(field: string, entity: string | null): Record<string, string> | null {
  if (field === "status") return entity === "notice" ? NOTICE_STATE_LABELS : STATUS_LABELS;
  if (field === "kind") return (entity && KIND_LABELS[entity]) || null;
  if (field === "method") return METHOD_LABELS;
  if (field === "role") return ROLE_LABELS;
  if (field === "outcome") return REVIEW_OUTCOME_LABELS;
  return null;
}

/** A recorded value as people read it; null when there was none. */
export function formatValue(field: string, entity: string | null, value: AuditValue, precision: DatePrecision | null = null): string | null {
  if (value === null) return null;
  if (typeof value === "boolean") return value ? "igen" : "nem";
  if (Array.isArray(value)) {
    if (value.length === 0) return null;
    return value.map((item) => (typeof item === "object" && item !== null && !Array.isArray(item) ? listItem(item) : String(item))).join("; ");
  }
  if (typeof value === "object") return listItem(value);
  if (precision) return formatPartialDate(fromStorage(value, precision));
  if (DAYS.has(field)) return formatPartialDate(fromStorage(value, "day"));
  if (field === "published_at") return formatMoment(value);
  if (AMOUNTS.has(field)) return formatForints(Number(value));
  if (COUNTS.has(field)) return formatNumber(Number(value));
  if (field === "eu_cofinancing_rate") return formatPercent(Number(value));
  // Positions count from 0 in storage, from 1 for people.
  if (field === "position") return `${Number(value) + 1}.`;
  return codeLabels(field, entity)?.[value] ?? value;
}

/** A link ("Tanulmány (https://…)") or a partner's share ("Partner Kft.: 1 000 000 Ft"). */
function listItem(item: { [key: string]: AuditValue }): string {
  if (typeof item.url === "string") return `${item.title} (${item.url})`;
  if (item.grantShare !== undefined) return `${item.organisation}: ${item.grantShare === null ? "—" : formatForints(Number(item.grantShare))}`;
  return Object.values(item).map(String).join(", ");
}

/** What names a record: its title, subject, name, reference or organisation, as last recorded. */
export function recordName(entity: string, values: Values): string {
  const kind = RECORD_KIND_LABELS[entity] ?? entity;
  if (entity === "status_change") {
    const status = typeof values.status === "string" ? STATUS_LABELS[values.status as keyof typeof STATUS_LABELS] : null;
    return status ? `${kind}: ${status}` : kind;
  }
  const name = [values.title, values.subject, values.name, values.reference, values.organisation].find((v) => typeof v === "string");
  if (name) return `${kind} „${name}”`;
  if (entity === "obligation" && typeof values.kind === "string") return OBLIGATION_LABELS[values.kind as keyof typeof OBLIGATION_LABELS] ?? kind;
  return kind;
}

const ENTRY_ACTIONS: Record<AuditAction, string> = { create: "Létrehozás", update: "Módosítás", delete: "Törlés" };
const RECORD_ACTIONS: Record<AuditAction, string> = { create: "új", update: "módosítás", delete: "törlés" };

type Label = (field: string) => string;

function lineView(line: ChangeLine, entity: string | null, label: Label) {
  return {
    field: line.field,
    label: label(line.field),
    before: formatValue(line.field, entity, line.before, line.precision?.before ?? null),
    after: formatValue(line.field, entity, line.after, line.precision?.after ?? null),
  };
}

/** A new record's values in one line each, leaving out what it was created without, and its place in its list. */
function initialValues(lines: ChangeLine[], entity: string | null, label: Label) {
  return lines.flatMap((line) => {
    const value = formatValue(line.field, entity, line.after, line.precision?.after ?? null);
    return value === null || line.field === "position" ? [] : [{ label: label(line.field), value }];
  });
}

/** The query words of a filter, as the page's URLs carry it. */
const filterQuery = (filter: HistoryFilter) => ({ mezo: filter.field, szemely: filter.actor, rekord: filter.record });

const byHungarianLabel = (a: { label: string }, b: { label: string }) => a.label.localeCompare(b.label, "hu");

/** The entries of a history as the page shows them; `records` names the records they touch. */
export function entryViews(
  entries: readonly HistoryEntry[],
  project: ProjectHistory["project"],
  records: ProjectHistory["records"],
) {
  const nameOf = (r: { entity: string; uid: string }) => recordName(r.entity, records.get(r.uid)?.values ?? {});
  const recordView = (r: RecordLines) => ({
    name: nameOf(r),
    action: RECORD_ACTIONS[r.action],
    href: historyPath(project, { rekord: r.uid }),
    // A new record is shown by its values; a deleted one only by its name.
    initial: r.action === "create" ? initialValues(r.lines, r.entity, recordFieldLabel) : null,
    lines: r.action === "update" ? r.lines.map((l) => lineView(l, r.entity, recordFieldLabel)) : [],
  });
  return entries.map((entry) => {
    const created = entry.action === "create";
    return {
      seq: entry.seq,
      when: formatMoment(entry.recordedAt),
      at: entry.recordedAt,
      actor: entry.actor,
      action: ENTRY_ACTIONS[entry.action],
      version: entry.projectVersion,
      // The project's creation lists its first values compactly, not beside empty "before" cells.
      initial: created ? initialValues(entry.fields, null, fieldLabel) : null,
      lines: created ? [] : entry.fields.map((l) => lineView(l, null, fieldLabel)),
      records: entry.records.map(recordView),
    };
  });
}

export function historyPage(history: ProjectHistory, cursor: number | null) {
  const { project, filter } = history;
  const filtered = filter.record ? history.records.get(filter.record) : undefined;
  const fieldChoices = filter.record ? RECORD_FIELD_LABELS : FIELD_LABELS;

  return {
    pageTitle: `Változások – ${project.title}`,
    project: { title: project.title, reference: projectKey(project), href: staffPath(project), historyHref: historyPath(project) },
    record: filter.record
      ? { name: filtered ? recordName(filtered.entity, filtered.values) : "ismeretlen rekord", uid: filter.record }
      : null,
    filters: {
      fields: Object.entries(fieldChoices)
        .map(([value, label]) => ({ value, label, selected: value === filter.field }))
        .sort(byHungarianLabel),
      actors: history.actors.map((actor) => ({ value: actor, selected: actor === filter.actor })),
      record: filter.record ?? null,
      active: Boolean(filter.field || filter.actor),
    },
    entries: entryViews(history.entries, project, history.records),
    pager:
      history.next === null && cursor === null
        ? null
        : {
            next: history.next === null ? null : historyPath(project, { ...filterQuery(filter), elott: String(history.next) }),
            newest: cursor === null ? null : historyPath(project, filterQuery(filter)),
          },
  };
}
