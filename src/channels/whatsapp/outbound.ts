import {
  ActionButtons,
  ActionList,
  Body,
  Button,
  Interactive,
  ListSection,
  Location,
  Row,
  Template,
  Text,
} from 'whatsapp-api-js/messages';
import type { OptionView, Outbound } from '../../core/messages';

/**
 * Build the Cloud API object for a rendered reply with whatsapp-api-js's message classes, which
 * enforce Meta's limits (3 buttons of 20 characters, 10 rows of 24...) and throw when one is
 * broken. The renderers in core/render already keep within them; a throw here is a bug, and
 * the sender reports it as a permanent `rejected` failure.
 * @see https://developers.facebook.com/documentation/business-messaging/whatsapp/messages/send-messages
 */
export function toClientMessage(message: Outbound): Text | Interactive | Location | Template {
  switch (message.kind) {
    case 'text':
      return new Text(message.text);
    case 'buttons':
      return new Interactive(
        new ActionButtons(...atLeastOne(message.buttons.map((b) => new Button(b.id, b.title)))),
        new Body(message.text),
      );
    case 'list':
      return new Interactive(
        new ActionList(
          message.button,
          new ListSection(undefined, ...atLeastOne(rows(message.rows))),
        ),
        new Body(message.text),
      );
    case 'location':
      return new Location(message.longitude, message.latitude, message.name, message.address);
    /** @see https://developers.facebook.com/documentation/business-messaging/whatsapp/templates/overview */
    case 'template':
      return new Template(message.name, message.language);
  }
}

const rows = (options: readonly OptionView[]) => options.map((o) => new Row(o.id, o.title));

function atLeastOne<T>(items: T[]): [T, ...T[]] {
  const [first, ...rest] = items;
  if (first === undefined) throw new RangeError('an interactive message needs an option');
  return [first, ...rest];
}
