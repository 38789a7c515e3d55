/**
 * The metrics contract (test/contracts/metrics.contract.ts) against the Durable Object metrics
 * store, in workerd. Every store made here shares the deployment's one object, so each test of
 * the contract writes days no other test reads.
 */
import { env } from 'cloudflare:workers';
import { createDurableObjectMetrics } from '../../src/store/metrics-durable-object';
import { metricsContract } from '../contracts/metrics.contract';

metricsContract('durable-object', () => createDurableObjectMetrics(env));
