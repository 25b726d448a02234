# The lecture's sysprog_asyncio_stream.py, unchanged except that the port can be given
# (-p/--port, default 9996) so that tests and the bench can use a free one. With port 0 the
# server prints the port the system picked in its "serving on" line; and that --uvloop runs
# it on uvloop's event loop instead of asyncio's own (needs `import uvloop`: Debian's
# python3-uvloop, or pip install uvloop). The peer of `./run.sh bench` (--server, with and
# without --uvloop) and of the Python interop tests (both ways).
import argparse
import asyncio

HOST = "127.0.0.1"
PORT = 9996


async def client(message):
    reader, writer = await asyncio.open_connection(HOST, PORT)
    writer.write(message.encode())
    reply = await reader.read(1024)
    print("sent [{}] => received: [{}]".format(message, reply.decode()))
    writer.close()


async def handle_client(reader, writer):
    data = await reader.read(1024)
    message = data.decode()[::-1]
    addr = writer.get_extra_info("peername")
    print("client: {}".format(addr))
    writer.write(message.encode())
    await writer.drain()
    writer.close()


async def server():
    server = await asyncio.start_server(handle_client, HOST, PORT)
    addr = server.sockets[0].getsockname()
    print("serving on {}".format(addr))
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="")
    parser.add_argument("-s", "--server", action="store_true", help="Start the server.")
    parser.add_argument("-c", "--client", type=str, help="Start the client.")
    parser.add_argument("-p", "--port", type=int, default=PORT, help="The port (default 9996).")
    parser.add_argument("--uvloop", action="store_true", help="Run on uvloop's event loop.")
    args = parser.parse_args()
    PORT = args.port
    run = asyncio.run
    if args.uvloop:
        import uvloop

        # uvloop.run (uvloop 0.18+) is asyncio.run on a uvloop loop; older ones have the policy only
        if hasattr(uvloop, "run"):
            run = uvloop.run
        else:
            asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
    if args.server:
        print("Starting the server...")
        run(server())
    elif args.client is not None:
        print("Starting the client...")
        run(client(args.client))
