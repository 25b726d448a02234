package aio;

/** {@link VoidCoro#asCoro()}: a VoidCoro as a Coro whose result is null; {@link Task#getCoro()} gives back the VoidCoro. */
record AsCoro(VoidCoro body) implements Coro<Void> {
    @Override
    public Void call() throws Exception {
        body.run();
        return null;
    }
}
