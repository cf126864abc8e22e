import { defineConfig } from '@playwright/test';
import * as path from 'node:path';

// The server binary built by `cargo leptos build` (scripts/test builds it first).
const targetDir = process.env.CARGO_TARGET_DIR ?? path.resolve(__dirname, '../target');
const serverBin = process.env.SERVER_BIN ?? path.join(targetDir, 'debug', 'server');
const port = Number(process.env.E2E_PORT ?? 3100);
export const baseURL = `http://127.0.0.1:${port}`;
const hostPort = Number(process.env.E2E_HOST_PORT ?? 3101);
/** A customer's website: another origin, embedding the widget with one script tag. */
export const hostURL = `http://127.0.0.1:${hostPort}`;
/** The SMTP sink transcripts are mailed to; what it received is at `${sinkURL}/mails`. */
const sinkSmtpPort = hostPort + 1;
export const sinkURL = `http://127.0.0.1:${hostPort + 2}`;
// One database per run, removed before the server starts (with any a killed run left).
const dbFile = path.resolve(__dirname, '.tmp', 'e2e.db');

// Settings every instance gets; the first admin comes from the environment.
const appEnv = {
  LEPTOS_SITE_ROOT: path.resolve(__dirname, '../target/site'),
  CHAT_WIDGET_ROOT: path.resolve(__dirname, '../target/widget'),
  CHAT_ADMIN_EMAIL: 'admin@example.com',
  CHAT_ADMIN_PASSWORD: 'admin-password-1',
  CHAT_ADMIN_NAME: 'Ada Admin',
  RUST_LOG: 'warn',
  // Every test visitor comes from 127.0.0.1: allow more than a real visitor needs.
  CHAT_NEW_CHAT_BURST: '1000',
  CHAT_SMTP_URL: `smtp://127.0.0.1:${sinkSmtpPort}`,
  CHAT_SMTP_FROM: 'Support <help@shop.test>',
};

// E2E_CLUSTER=1: two instances on one PostgreSQL database behind nginx (scripts/cluster,
// with deploy/nginx/chat.conf), the browser and the widget going through nginx.
const cluster = !!process.env.E2E_CLUSTER;
const pgServer = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432';

const appServer = cluster
  ? {
      command: `exec ../scripts/cluster --instances 2 --port ${port} --first-port ${port + 100} --fresh`,
      url: `${baseURL}/healthz`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'ignore' as const,
      stderr: 'pipe' as const,
      env: { ...appEnv, SERVER_BIN: serverBin, DATABASE_URL: `${pgServer}/chat_e2e_cluster` },
    }
  : {
      // A fresh database for every run.
      command: `mkdir -p .tmp && rm -f .tmp/e2e*.db* && exec ${serverBin}`,
      url: `${baseURL}/healthz`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'ignore' as const,
      stderr: 'pipe' as const,
      env: {
        ...appEnv,
        LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
        DATABASE_URL: `sqlite://${dbFile}?mode=rwc`,
      },
    };

export default defineConfig({
  testDir: './tests',
  globalSetup: './global-setup.ts',
  // Generous: two long scenarios (three browsers, two instances behind nginx) passed in
  // 12–14 s on one machine and ran into a 30 s limit on a slower one, where the whole
  // suite took 1.7 times as long. A hang still fails; nothing here measures speed.
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  // A stray test.only must not pass CI by skipping the rest.
  forbidOnly: true,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  outputDir: './test-results',
  use: {
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: [appServer, {
    command: 'node host-server.mjs',
    url: hostURL,
    reuseExistingServer: false,
    timeout: 10_000,
    stdout: 'ignore',
    env: { HOST_PORT: String(hostPort), WIDGET_ORIGIN: baseURL },
  }, {
    command: 'node smtp-sink.mjs',
    url: `${sinkURL}/mails`,
    reuseExistingServer: false,
    timeout: 10_000,
    stdout: 'ignore',
    env: { SINK_SMTP_PORT: String(sinkSmtpPort), SINK_HTTP_PORT: String(hostPort + 2) },
  }],
});
