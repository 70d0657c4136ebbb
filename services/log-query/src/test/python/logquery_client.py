#!/usr/bin/python3
"""An independent gRPC client of tributary.logs.v1.LogQuery: Debian's python3-grpcio and python3-protobuf, no
generated stubs. The message types come from log-query's own server reflection (grpc.reflection.v1alpha, spoken by
hand on the wire), so this client shares no code and no build step with the Java side.

usage: logquery_client.py HOST:PORT range LIMIT [AFTER_CURSOR]   -> one JSON line per entry, then {"status": ...}
       logquery_client.py HOST:PORT follow N                     -> the first N entries of a follow, then cancels
Each entry line: {"node_id", "cursor", "message"}.
"""
import json
import sys

import grpc
from google.protobuf import descriptor_pb2, descriptor_pool, message_factory


def varint(b, i):
    v = shift = 0
    while True:
        c = b[i]
        i += 1
        v |= (c & 0x7F) << shift
        shift += 7
        if c < 0x80:
            return v, i


def fields(b):
    """(field number, wire type, value) of a serialized message; length-delimited values as bytes."""
    i = 0
    while i < len(b):
        tag, i = varint(b, i)
        num, wt = tag >> 3, tag & 7
        if wt == 0:
            v, i = varint(b, i)
        elif wt == 2:
            n, i = varint(b, i)
            v, i = b[i:i + n], i + n
        elif wt == 1:
            v, i = b[i:i + 8], i + 8
        elif wt == 5:
            v, i = b[i:i + 4], i + 4
        else:
            raise ValueError("wire type %d" % wt)
        yield num, wt, v


def reflect(channel, symbol):
    """FileDescriptorProtos (serialized) of the file defining symbol and its dependencies."""
    call = channel.stream_stream('/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo',
                                 request_serializer=lambda x: x, response_deserializer=lambda x: x)
    s = symbol.encode()
    request = bytes([4 << 3 | 2, len(s)]) + s  # ServerReflectionRequest.file_containing_symbol = 4
    files = []
    # Read to the end (the server ends the stream after our half-close) rather than cancel after the first answer:
    # a cancelled stream racing the server's last write can cost the whole connection (GOAWAY), and with it the
    # Query call that follows on this channel.
    for response in call(iter([request]), timeout=30):
        for num, _, v in fields(response):
            if num == 4:  # file_descriptor_response
                files += [fd for n, _, fd in fields(v) if n == 1]
            elif num == 7:  # error_response
                raise RuntimeError("reflection error: %r" % v)
    return files


def message_classes(channel):
    pool = descriptor_pool.DescriptorPool()
    pending = [descriptor_pb2.FileDescriptorProto.FromString(f) for f in reflect(channel, 'tributary.logs.v1.LogQuery')]
    added = set()
    while pending:
        progress = False
        for fd in list(pending):
            if all(d in added for d in fd.dependency):
                pool.Add(fd)
                added.add(fd.name)
                pending.remove(fd)
                progress = True
        if not progress:
            raise RuntimeError("unresolved dependencies: %s" % [fd.name for fd in pending])
    factory = message_factory.MessageFactory(pool)
    get = lambda name: factory.GetPrototype(pool.FindMessageTypeByName(name))
    return get('tributary.logs.v1.QueryRequest'), get('tributary.logs.v1.QueryResponse')


def main():
    target, mode, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    channel = grpc.insecure_channel(target)
    Request, Response = message_classes(channel)
    query = channel.unary_stream('/tributary.logs.v1.LogQuery/Query', request_serializer=Request.SerializeToString,
                                 response_deserializer=Response.FromString)
    req = Request()
    if mode == 'range':
        req.limit = n
        if len(sys.argv) > 4:
            req.start.after_cursor = sys.argv[4]
    else:
        req.follow = True
        req.start.head = True
    got = 0
    status = 'OK'
    details = None
    responses = query(req, timeout=60)
    try:
        for r in responses:
            for e in r.entries.entries:
                msg = next((f.value for f in e.fields if f.name == 'MESSAGE'), b'')
                print(json.dumps({'node_id': e.node_id, 'cursor': e.cursor, 'message': msg.decode('latin-1')}))
                got += 1
            if mode == 'follow' and got >= n:
                responses.cancel()
                status = 'CANCELLED'  # by us, as asked
                break
    except grpc.RpcError as err:
        status = str(err.code())
        details = err.details()
    print(json.dumps({'status': status, 'entries': got, 'details': details}))


if __name__ == '__main__':
    main()
