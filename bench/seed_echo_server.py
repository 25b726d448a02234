"""The lecture's reverse-echo server (sysprog_asyncio_stream.py), the peer of `./run.sh bench`.

handle_client and server are the seed's, line for line. The only change: the port comes from
the command line (``--port 0`` picks a free one, printed in the "serving on" line), so that the
bench never collides with a server already on 9996. Run: python3 -u seed_echo_server.py --port 0
"""

import asyncio
import argparse


HOST = "127.0.0.1"
PORT = 9996


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
    parser.add_argument("-p", "--port", type=int, default=PORT, help="The port (0: any free one).")

    args = parser.parse_args()
    PORT = args.port

    print("Starting the server...")
    asyncio.run(server())
