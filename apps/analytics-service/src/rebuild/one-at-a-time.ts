/**
 * A turn taken in order of asking: each holder runs alone until it releases (releasing twice is
 * harmless), so one batch computes while the others' statements run on the server.
 */
export class OneAtATime {
  private last: Promise<void> = Promise.resolve();

  async take(): Promise<() => void> {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const before = this.last;
    this.last = before.then(() => held);
    await before;
    return release;
  }
}
