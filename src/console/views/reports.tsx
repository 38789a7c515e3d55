import { type Report, SMALL, shown, shownMinutes, type Tally } from '../../reports/model';
import type { Me } from '../session';
import { BarChart, LineChart } from './charts';
import { BASE, Page } from './layout';

/** The reports for supervisors: counts only, every figure below five shown as "<5". */
export function ReportsPage(props: { me: Me; report: Report }) {
  const r = props.report;
  const query = `from=${r.from}&to=${r.to}`;
  return (
    <Page title="Reports" me={props.me}>
      <form method="get" action={`${BASE}/reports`} class="period">
        <label>
          From <input type="date" name="from" value={r.from} required />
        </label>{' '}
        <label>
          To <input type="date" name="to" value={r.to} required />
        </label>{' '}
        <button type="submit">Show</button>{' '}
        <a href={`${BASE}/reports.csv?${query}`} download>
          Download CSV
        </a>
      </form>
      <p class="muted">
        Days are UTC; weeks start on Monday. Any figure below {SMALL} is shown as "&lt;{SMALL}" so
        that no one can be picked out; in the charts such a bar is a short grey stub labelled "&lt;
        {SMALL}", not drawn to scale.
      </p>

      <h2>Conversations started per week</h2>
      <BarChart title="Conversations started per week" tallies={r.startedPerWeek} />
      <div class="columns">
        <Table id="channels" title="By channel" tallies={r.byChannel} />
        <Table id="languages" title="By language" tallies={r.byLanguage} />
      </div>

      <h2>Topics</h2>
      <BarChart title="Topics viewed by flow" tallies={r.flows} />
      <div class="columns">
        <Table id="nodes" title="Top pages" tallies={r.topNodes} />
        <Table id="cities" title="Cities asked about" tallies={r.cities} />
      </div>

      <h2>Typed questions</h2>
      <div class="columns">
        <Table id="questions" title="Outcome" tallies={r.questions} />
        <Table
          id="words"
          title={`Not understood, asked at least ${SMALL} times`}
          tallies={r.unknownWords}
        />
      </div>

      <h2>Escalations</h2>
      <div class="columns">
        <Table id="categories" title="By category" tallies={r.escalationsByCategory} />
        <Table id="severities" title="By severity" tallies={r.escalationsBySeverity} />
      </div>
      <dl class="facts" id="privacy">
        <dt>Opt-outs</dt>
        <dd>{shown(r.optOuts)}</dd>
        <dt>Erasures</dt>
        <dd>{shown(r.erasures)}</dd>
      </dl>

      <h2>Minutes to a first human reply</h2>
      <LineChart
        title="Median and 90th percentile of minutes to a first human reply per week"
        weeks={r.firstReply}
        target={r.targetMinutes}
      />
      <p class="muted">
        <span class="key-median">Median</span> and <span class="key-p90">90th percentile</span> per
        week, against the target of {r.targetMinutes} minutes (the dashed line). Times are counted
        in buckets (1, 2, 5, 10, 15, 20, 30, 45, 60… minutes): a percentile is the upper bound of
        the bucket where the running count crosses it, so "15" means "within 15 minutes". A week
        with fewer than {SMALL} first replies has no point.
      </p>
      <table id="reply-times">
        <thead>
          <tr>
            <th>Week of</th>
            <th>First replies</th>
            <th>Median</th>
            <th>90th percentile</th>
          </tr>
        </thead>
        <tbody>
          {r.firstReply.map((w) => {
            const enough = w.n >= SMALL;
            return (
              <tr>
                <td>{w.week}</td>
                <td>{shown(w.n)}</td>
                <td>{enough && w.median !== null ? minutes(w.median) : ''}</td>
                <td>{enough && w.p90 !== null ? minutes(w.p90) : ''}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </Page>
  );
}

const minutes = (m: number) => (Number.isFinite(m) ? `≤ ${m}` : shownMinutes(m));

function Table(props: { id: string; title: string; tallies: readonly Tally[] }) {
  return (
    <table id={props.id} class="tally">
      <caption>{props.title}</caption>
      <tbody>
        {props.tallies.length ? (
          props.tallies.map((t) => (
            <tr>
              <td>{t.label}</td>
              <td class="n">{shown(t.n)}</td>
            </tr>
          ))
        ) : (
          <tr>
            <td class="muted">none</td>
          </tr>
        )}
      </tbody>
    </table>
  );
}
