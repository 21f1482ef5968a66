/**
 * The demo shop served at "/" (when `demo_page` is on): a small, plausible
 * store page with the widget embedded exactly as a customer would embed it,
 * with one script tag. No external assets: product pictures are inline SVG.
 */
interface Product {
  name: string;
  price: string;
  blurb: string;
  art: string;
  tint: string;
}

const PRODUCTS: Product[] = [
  {
    name: "Ridgeline 2 Tent",
    price: "$289",
    tint: "#e8f0e9",
    blurb: "Two-person, three-season tent. 1.9 kg packed, pitches in four minutes.",
    art: '<path d="M20 90 L60 30 L100 90 Z" fill="#2f6f4e"/><path d="M60 30 L72 90 L48 90 Z" fill="#245a3f"/><rect x="10" y="90" width="100" height="4" fill="#7a6a53"/>',
  },
  {
    name: "Cirrus Down Jacket",
    price: "$219",
    tint: "#e9eef5",
    blurb: "800-fill responsibly sourced down. Packs into its own pocket.",
    art: '<path d="M40 28 L80 28 L96 48 L88 56 L84 50 L84 96 L36 96 L36 50 L32 56 L24 48 Z" fill="#3b5f8a"/><path d="M60 28 L60 96" stroke="#2b4868" stroke-width="3"/><path d="M36 60 H84 M36 76 H84" stroke="#2b4868" stroke-width="2"/>',
  },
  {
    name: "Switchback 45 Pack",
    price: "$159",
    tint: "#f5eee6",
    blurb: "45-litre trekking pack with an adjustable back and rain cover.",
    art: '<rect x="36" y="26" width="48" height="70" rx="14" fill="#b5652b"/><rect x="44" y="56" width="32" height="26" rx="6" fill="#934f1f"/><path d="M46 26 C46 14 74 14 74 26" stroke="#5b3a1c" stroke-width="4" fill="none"/>',
  },
  {
    name: "Talus Trail Shoes",
    price: "$139",
    tint: "#f1efe9",
    blurb: "Grippy, quick-drying trail runners with a rock plate.",
    art: '<path d="M18 78 C30 78 40 58 52 56 L70 62 C84 66 96 70 104 80 L104 90 L18 90 Z" fill="#4b4b4b"/><path d="M18 90 H104" stroke="#d8a13b" stroke-width="5"/><circle cx="58" cy="64" r="3" fill="#d8a13b"/><circle cx="68" cy="67" r="3" fill="#d8a13b"/>',
  },
];

function productCard(p: Product): string {
  return `<article class="card">
      <div class="art" style="background:${p.tint}"><svg viewBox="0 0 120 110" role="img" aria-label="${p.name}">${p.art}</svg></div>
      <h3>${p.name}</h3>
      <p>${p.blurb}</p>
      <div class="buy"><span class="price">${p.price}</span><button type="button">Add to cart</button></div>
    </article>`;
}

export function renderDemoPage(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Northwind Outfitters – gear for the long way round</title>
<meta name="description" content="Demo shop for the Threadline web chat widget.">
<style>
  :root { --green: #2f6f4e; --ink: #1f2a24; --muted: #5d6a62; --line: #e3e7e4; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #fbfbf9; }
  a { color: inherit; }
  header.site { display: flex; align-items: center; justify-content: space-between; gap: 16px; padding: 14px 24px; border-bottom: 1px solid var(--line); background: #fff; position: sticky; top: 0; z-index: 1; }
  .brand { display: flex; align-items: center; gap: 10px; font-weight: 700; letter-spacing: .02em; text-decoration: none; }
  .brand svg { width: 30px; height: 30px; }
  nav a { margin-left: 18px; text-decoration: none; color: var(--muted); font-size: 15px; }
  nav a:hover { color: var(--ink); }
  .hero { padding: 56px 24px 44px; background: linear-gradient(160deg, #24553c, #3f8a63); color: #fff; }
  .hero div { max-width: 980px; margin: 0 auto; }
  .hero h1 { margin: 0 0 10px; font-size: clamp(28px, 5vw, 44px); line-height: 1.15; }
  .hero p { margin: 0 0 22px; max-width: 560px; opacity: .92; }
  .hero a.cta { display: inline-block; background: #fff; color: var(--green); padding: 10px 18px; border-radius: 999px; font-weight: 600; text-decoration: none; }
  main { max-width: 980px; margin: 0 auto; padding: 32px 24px 96px; }
  h2 { font-size: 22px; margin: 0 0 16px; }
  .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(210px, 1fr)); gap: 18px; }
  .card { background: #fff; border: 1px solid var(--line); border-radius: 12px; padding: 14px; display: flex; flex-direction: column; }
  .card .art { border-radius: 8px; display: grid; place-items: center; height: 150px; }
  .card svg { width: 120px; height: 110px; }
  .card h3 { font-size: 17px; margin: 12px 0 4px; }
  .card p { margin: 0 0 12px; color: var(--muted); font-size: 14px; flex: 1; }
  .buy { display: flex; align-items: center; justify-content: space-between; }
  .price { font-weight: 700; }
  .buy button { border: 1px solid var(--green); color: var(--green); background: #fff; border-radius: 8px; padding: 6px 12px; font: inherit; font-size: 14px; cursor: pointer; }
  .perks { display: grid; grid-template-columns: repeat(auto-fit, minmax(220px, 1fr)); gap: 18px; margin-top: 40px; }
  .perks div { padding: 16px; border-radius: 12px; background: #f0f4f1; }
  .perks strong { display: block; margin-bottom: 4px; }
  .help { margin-top: 40px; padding: 20px; border: 1px dashed var(--green); border-radius: 12px; background: #fff; }
  footer { border-top: 1px solid var(--line); padding: 20px 24px; color: var(--muted); font-size: 14px; text-align: center; }
  @media (max-width: 600px) { nav { display: none; } .hero { padding: 36px 20px 30px; } main { padding: 24px 16px 96px; } }
</style>
</head>
<body>
<header class="site">
  <a class="brand" href="/"><svg viewBox="0 0 32 32" aria-hidden="true"><path d="M2 27 L12 9 L18 19 L22 13 L30 27 Z" fill="#2f6f4e"/><circle cx="24" cy="7" r="3" fill="#d8a13b"/></svg>Northwind Outfitters</a>
  <nav aria-label="Main"><a href="#shop">Shop</a><a href="#perks">Shipping &amp; returns</a><a href="#help">Help</a></nav>
</header>
<section class="hero">
  <div>
    <h1>Gear for the long way round.</h1>
    <p>Tents, packs and layers tested on real trails. Free shipping over $75 and 60-day returns, no questions asked.</p>
    <a class="cta" href="#shop">Shop new arrivals</a>
  </div>
</section>
<main>
  <h2 id="shop">New this season</h2>
  <div class="grid">
    ${PRODUCTS.map(productCard).join("\n    ")}
  </div>
  <section class="perks" id="perks" aria-label="Why Northwind">
    <div><strong>Free shipping over $75</strong>Orders leave our Portland warehouse within one business day.</div>
    <div><strong>60-day returns</strong>Unused or used once on the trail: bring it back, we will sort it out.</div>
    <div><strong>Repair program</strong>Broken zip or torn fly? We repair Northwind gear at cost.</div>
  </section>
  <section class="help" id="help">
    <h2>Questions about an order?</h2>
    <p>Use the chat button in the corner. Ask about delivery times, returns or sizing; a person takes over whenever you need one.</p>
  </section>
</main>
<footer>© Northwind Outfitters · a demo shop for the Threadline web chat</footer>
<script src="/widget.js" defer></script>
</body>
</html>
`;
}
