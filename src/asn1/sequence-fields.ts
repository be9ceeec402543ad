/**
 * Reads the components of a SEQUENCE in order, the way its ASN.1 definition
 * lists them: required ones raise when absent, OPTIONAL ones are taken only
 * when their tag matches. Each component comes back under its spec path.
 */
import type { DerElement } from "./der-element.js";
import { missingElement, readSequence, unexpectedTag } from "./reader.js";

export type TagTest = (element: DerElement) => boolean;

export class SequenceFields {
  private readonly components: readonly DerElement[];
  private next = 0;

  constructor(private readonly sequence: DerElement) {
    this.components = readSequence(sequence);
  }

  /** Take the next component; raise when none is left or `accepts` rejects it. */
  required(field: string, accepts?: TagTest, expected?: string): DerElement {
    const component = this.components[this.next];
    const path = `${this.sequence.path}.${field}`;
    if (component === undefined) throw missingElement(path, field);
    const named = component.named(path);
    if (accepts && !accepts(component)) throw unexpectedTag(named, expected ?? field);
    this.next++;
    return named;
  }

  /** Take the next component when `accepts` matches it, else return undefined. */
  optional(field: string, accepts: TagTest): DerElement | undefined {
    const component = this.components[this.next];
    if (component === undefined || !accepts(component)) return undefined;
    this.next++;
    return component.named(`${this.sequence.path}.${field}`);
  }
}
