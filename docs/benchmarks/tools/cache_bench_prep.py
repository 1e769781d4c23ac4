"""Writes load.resp (VEC.CREATE bench/qqp HNSW32 cosine + 5,000 qqp base rows as fp32 blobs) and q384.json (query 0 as JSON) for docs/benchmarks/cache.md."""
import struct, sys
import os
DATA = os.environ.get('PYROPE_DATA', '../shared/data')
def fvecs(path, limit):
    out=[]
    with open(path,'rb') as f:
        while len(out)<limit:
            h=f.read(4)
            if not h: break
            d=struct.unpack('<i',h)[0]
            out.append(f.read(4*d))
    return out
base=fvecs(DATA + '/qqp-minilm/qqp50k_minilm_base.fvecs', 5000)
q=fvecs(DATA + '/qqp-minilm/qqp1k_minilm_query.fvecs', 1)[0]
def resp(args):
    b=b'*%d\r\n'%len(args)
    for a in args:
        if isinstance(a,str): a=a.encode()
        b+=b'$%d\r\n'%len(a)+a+b'\r\n'
    return b
with open('load.resp','wb') as f:
    f.write(resp(['VEC.CREATE','bench','qqp','DIM','384','METRIC','cosine','FACTORY','HNSW32']))
    for s in range(0,len(base),500):
        args=['VEC.ADD','bench','qqp']
        for i in range(s,min(s+500,len(base))):
            args+=[str(i),'VECTOR',base[i]]
        f.write(resp(args))
vals=struct.unpack('<384f',q)
open('q384.json','w').write('['+','.join(repr(round(v,6)) for v in vals)+']')
print(len(open('q384.json').read()))
