"""PNG plots from a results dict: latency vs base size, throughput vs writer processes."""

from __future__ import annotations

from pathlib import Path

from .report import _g, err, metric
from .stores import ALL, label


def plots(res: dict, out: Path) -> list[Path]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = sorted(res["sizes"], key=int)
    order = [x for x in ALL if any(x in e["stores"] for e in res["sizes"].values())]
    fig, axes = plt.subplots(1, 3, figsize=(15, 4.5))
    for ax, (key, title) in zip(axes, [("read", "search k=10 p50"), ("filtered", "filtered 1-in-1000 p50 (hollow: recall<0.9)"),
                                       ("add", "add 1 document p50")]):
        for name in order:
            xs, ys, weak = [], [], []
            for n in sizes:
                r = res["sizes"][n]["stores"].get(name, {})
                v = metric(r, key)
                if v:
                    xs.append(int(n)); ys.append(v)
                    rec = _g(r, "filtered" if key == "filtered" else "search", "recall_at_10")
                    weak.append(key != "add" and rec is not None and rec < 0.9)
            if xs:
                color = f"C{ALL.index(name)}"
                ax.plot(xs, ys, marker="o", color=color, label=label(name).split(" (")[0])
                bad = [(x, y) for x, y, w in zip(xs, ys, weak) if w]
                if bad:  # hollow, so a fast but wrong answer does not look like a win
                    ax.plot(*zip(*bad), "o", ms=11, mfc="white", mec=color)
        if key == "read":
            ax.plot([int(n) for n in sizes], [res["sizes"][n]["bare_faiss"]["p50_ms"] for n in sizes],
                    "k--", marker="x", label="bare FAISS IndexFlatIP")
        ax.set(xscale="log", yscale="log", xlabel="chunks in base", ylabel="ms", title=title)
        ax.title.set_fontsize(10)
        ax.grid(True, which="both", alpha=0.3)
    axes[0].legend(fontsize=7)
    fig.tight_layout()
    p1 = out / "latency_vs_size.png"
    fig.savefig(p1, dpi=110)
    plt.close(fig)
    fig, axes = plt.subplots(1, len(sizes), figsize=(6 * len(sizes), 4.5), squeeze=False)
    for ax, n in zip(axes[0], sizes):
        for name in order:
            w = _g(res["sizes"][n]["stores"].get(name, {}), "writers") or {}
            color = f"C{ALL.index(name)}"
            pts, failed = [], []
            for k, v in sorted(w.items(), key=lambda kv: int(kv[0]) if kv[0].isdigit() else 0):
                if not k.isdigit() or err(v):
                    continue
                # count only documents still present afterwards: lost writes are not throughput
                good = v.get("present", 0) if v.get("acknowledged") else 0
                rate = v["throughput_docs_s"] * good / v["acknowledged"] if good else 0.0
                (pts if rate > 0 else failed).append((int(k), rate))
            if pts:
                ax.plot(*zip(*pts), marker="o", color=color, label=label(name).split(" (")[0])
            for x, _ in failed:
                ax.annotate("×", (x, 0.02), xycoords=("data", "axes fraction"), color=color,
                            ha="center", fontsize=14)
        ax.set(xlabel="writer processes", ylabel="documents present afterwards / s", yscale="log",
               title=f"throughput vs writers, {int(n):,} chunks (×: none verified present, errors)")
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=7)
    fig.tight_layout()
    p2 = out / "throughput_vs_writers.png"
    fig.savefig(p2, dpi=110)
    plt.close(fig)
    return [p1, p2]
