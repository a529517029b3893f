import { expect, test, type Locator, type Page } from '@playwright/test';
import { DEMO_PASSWORD } from './helpers.ts';

/**
 * Issue 16, photo mark-up on a phone: a photo taken on the field page gets a circle and an arrow;
 * saving keeps the original byte for byte and stores the drawing as a second photo of the item,
 * linked to it (derivedFrom), of the same size, with red where it was drawn and only there.
 */
test.use({ viewport: { width: 390, height: 844 } });

const shot = (page: Page, name: string) => page.screenshot({ path: `test-results/shots/markup-${name}.png` });

// A tall photo (portrait, 1 : 2.5): the dialog caps it at 60vh and letterboxes it, so a drag must be
// mapped through object-fit: contain to land where the finger was.
const W = 320;
const H = 800;
type Pt = [number, number];
const CIRCLE: [Pt, Pt] = [
  [70, 120],
  [250, 320],
];
const ARROW: [Pt, Pt] = [
  [160, 720],
  [160, 460],
];

/** A JPEG made in the browser: blue-grey bands, no red anywhere. */
async function photo(page: Page): Promise<Buffer> {
  const b64 = await page.evaluate(
    ([w, h]) => {
      const c = document.createElement('canvas');
      c.width = w;
      c.height = h;
      const g = c.getContext('2d')!;
      for (let y = 0; y < h; y += 40) {
        g.fillStyle = `hsl(210, 25%, ${35 + ((y / 40) % 5) * 10}%)`;
        g.fillRect(0, y, w, 40);
      }
      return c.toDataURL('image/jpeg', 0.92).split(',')[1];
    },
    [W, H],
  );
  return Buffer.from(b64, 'base64');
}

/** Width and height from a JPEG's start-of-frame marker. */
function jpegSize(buf: Buffer): { width: number; height: number } {
  expect(buf.subarray(0, 2).toString('hex'), 'JPEG magic').toBe('ffd8');
  let i = 2;
  while (i < buf.length) {
    const marker = buf[i + 1];
    const len = buf.readUInt16BE(i + 2);
    if (marker >= 0xc0 && marker <= 0xc3)
      return { height: buf.readUInt16BE(i + 5), width: buf.readUInt16BE(i + 7) };
    i += 2 + len;
  }
  throw new Error('no SOF marker');
}

/** Drags on the mark-up canvas between two points given in image pixels. */
async function drag(page: Page, canvas: Locator, [from, to]: [Pt, Pt]) {
  const r = (await canvas.boundingBox())!;
  const scale = Math.min(r.width / W, r.height / H);
  const left = r.x + (r.width - W * scale) / 2;
  const top = r.y + (r.height - H * scale) / 2;
  const at = ([x, y]: Pt) => [left + x * scale, top + y * scale] as const;
  await page.mouse.move(...at(from));
  await page.mouse.down();
  await page.mouse.move(...at(to), { steps: 12 });
  await page.mouse.up();
}

/** How red the image at `url` is around each point (max over a 7 × 7 patch: r − (g + b) / 2). */
async function redness(page: Page, url: string, points: Pt[]): Promise<number[]> {
  return page.evaluate(
    async ([src, pts]) => {
      const img = new Image();
      img.src = src;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.naturalWidth;
      c.height = img.naturalHeight;
      const g = c.getContext('2d')!;
      g.drawImage(img, 0, 0);
      return pts.map(([x, y]) => {
        const d = g.getImageData(x - 3, y - 3, 7, 7).data;
        let best = -255;
        for (let i = 0; i < d.length; i += 4) best = Math.max(best, d[i] - (d[i + 1] + d[i + 2]) / 2);
        return best;
      });
    },
    [url, points] as const,
  );
}

test('a photo is marked up with a circle and an arrow on a phone; the original is kept', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto('/login');
  await page.getByTestId('login-username').fill('jinshan.inspector');
  await page.getByTestId('login-password').fill(DEMO_PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));

  // an inspection of the demo project with one item of the major-hazard list (the API, to be quick)
  const api = page.request;
  const projectId = (await (await api.get('/api/projects?q=恒锐')).json()).items[0].id as string;
  const proposal = await (
    await api.get(`/api/inspections/proposal?targetKind=project&targetId=${projectId}`)
  ).json();
  const lib = proposal.libraries.find((l: { code: string }) => l.code === 'major-hazards-housing-2024');
  const created = await api.post('/api/inspections', {
    data: {
      kind: 'routine',
      targetKind: 'project',
      targetId: projectId,
      itemIds: [lib.modules[0].items[0].itemId],
      title: '照片标注检查',
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const id = (await created.json()).id as string;

  // the field page: fail the item, take a photo
  await page.goto(`/inspections/${id}/capture`);
  await expect(page.getByTestId('capture-page')).toBeVisible({ timeout: 60_000 });
  await page.getByTestId('result-fail').click();
  await expect(page.getByTestId('fail-form')).toBeVisible();
  await page.getByTestId('hazard-description').fill('脚手架连墙件缺失，照片中圈出');
  const original = await photo(page);
  expect(jpegSize(original)).toEqual({ width: W, height: H });
  await page.getByTestId('photo-input').setInputFiles({
    name: 'IMG_3007.jpg',
    mimeType: 'image/jpeg',
    buffer: original,
  });
  await expect(page.getByTestId('photo')).toHaveCount(1);
  const markupButton = page.getByTestId('photo-markup');
  const box = (await markupButton.boundingBox())!;
  expect(box.height, 'mark-up button height').toBeGreaterThanOrEqual(44);

  // draw a circle and an arrow
  await markupButton.click();
  const canvas = page.getByTestId('markup-canvas');
  await expect(canvas).toHaveAttribute('data-ready', 'true');
  await expect(page.getByTestId('markup-save')).toBeDisabled();
  await canvas.scrollIntoViewIfNeeded();
  await drag(page, canvas, CIRCLE);
  await expect(canvas).toHaveAttribute('data-shapes', '1');
  await page.getByTestId('markup-tool').getByText('箭头').click();
  await drag(page, canvas, ARROW);
  await expect(canvas).toHaveAttribute('data-shapes', '2');
  for (const el of [page.getByTestId('markup-save'), page.getByTestId('markup-tool').getByText('箭头')]) {
    const b = (await el.boundingBox())!;
    expect(b.height, 'mark-up control height').toBeGreaterThanOrEqual(44);
  }
  await shot(page, '01-drawn');
  await page.getByTestId('markup-save').click();
  await expect(page.locator('.ant-message')).toContainText('已保存标注照片');

  // both shown: the original still offers mark-up, the copy is tagged as marked up
  const photos = page.getByTestId('photo');
  await expect(photos).toHaveCount(2);
  await expect(photos.filter({ hasText: '已标注' })).toHaveCount(1);
  await expect(photos.filter({ has: page.getByTestId('photo-markup') })).toHaveCount(1);
  for (let i = 0; i < 2; i++)
    await expect
      .poll(() =>
        photos
          .nth(i)
          .locator('img')
          .evaluate((e: HTMLImageElement) => e.naturalWidth),
      )
      .toBe(W);
  await photos.nth(1).scrollIntoViewIfNeeded();
  await shot(page, '02-saved');

  // the API: the original byte for byte, the copy linked to it, the same size, red where drawn
  const v = await (await api.get(`/api/inspections/${id}`)).json();
  const stored = (v.findings as { photos: { id: string; url: string; derivedFrom: string | null }[] }[]).find(
    (f) => f.photos.length,
  )!.photos;
  expect(stored).toHaveLength(2);
  const orig = stored.find((p) => !p.derivedFrom)!;
  const marked = stored.find((p) => p.derivedFrom)!;
  expect(marked.derivedFrom).toBe(orig.id);
  const origBytes = await (await api.get(orig.url)).body();
  const markedBytes = await (await api.get(marked.url)).body();
  expect(origBytes.equals(original), 'the original is stored unchanged').toBe(true);
  expect(markedBytes.equals(original)).toBe(false);
  expect(jpegSize(markedBytes)).toEqual({ width: W, height: H });

  const circleTop: Pt = [(CIRCLE[0][0] + CIRCLE[1][0]) / 2, CIRCLE[0][1]];
  const circleLeft: Pt = [CIRCLE[0][0], (CIRCLE[0][1] + CIRCLE[1][1]) / 2];
  const arrowMid: Pt = [ARROW[0][0], (ARROW[0][1] + ARROW[1][1]) / 2];
  const untouched: Pt[] = [
    [20, 20],
    [(CIRCLE[0][0] + CIRCLE[1][0]) / 2, (CIRCLE[0][1] + CIRCLE[1][1]) / 2], // inside the circle
    [300, 600],
  ];
  const drawn = await redness(page, marked.url, [circleTop, circleLeft, arrowMid]);
  for (const r of drawn) expect(r, `red where drawn: ${drawn}`).toBeGreaterThan(100);
  const clean = await redness(page, marked.url, untouched);
  for (const r of clean) expect(r, `no red elsewhere: ${clean}`).toBeLessThan(30);
  const before = await redness(page, orig.url, [circleTop, circleLeft, arrowMid]);
  for (const r of before) expect(r, `the original has no red: ${before}`).toBeLessThan(30);
});
