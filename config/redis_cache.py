"""Django's Redis cache backend, with one redis-py client per connection pool.

Django's ``RedisCacheClient.get_client()`` makes a new ``redis.Redis`` for every operation,
and redis-py builds its table of response callbacks (about 80 entries, in a case-insensitive
dict) in each one: measured at 0.12 ms per operation, more than the round trip to Redis
itself, and two of them per page served from the cache (bench/README.md). A ``redis.Redis``
is safe to share between threads (it takes a connection from its pool for each command), so
one per pool is kept and reused. Everything else is Django's backend as it is.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class ReusedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            if index not in self._pools:
                self._pools[index] = self._pool_class.from_url(
                    self._servers[index], **self._pool_options
                )
            client = self._clients[index] = self._client(connection_pool=self._pools[index])
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient
